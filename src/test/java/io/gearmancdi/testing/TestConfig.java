package io.gearmancdi.testing;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

import java.util.Map;

/**
 * Installs a MicroProfile Config for the current thread's context class loader (what {@code ConfigProvider.getConfig()}
 * returns there), made of the given properties over the default sources; {@link #close()} removes it again.
 */
public final class TestConfig implements AutoCloseable {
    private final ClassLoader loader;
    private final Config config;

    private TestConfig(ClassLoader loader, Config config) {
        this.loader = loader;
        this.config = config;
    }

    /** @return the installed config, to close after the container */
    public static TestConfig install(Map<String, String> properties) {
        return install(Thread.currentThread().getContextClassLoader(), properties);
    }

    /** Installs for a given class loader (a container started with it as context class loader reads this config). */
    public static TestConfig install(ClassLoader loader, Map<String, String> properties) {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(loader));
        Config config = new SmallRyeConfigBuilder().forClassLoader(loader).addDefaultSources()
                .withSources(new PropertiesConfigSource(properties, "test", 1000)).build();
        resolver.registerConfig(config, loader);
        return new TestConfig(loader, config);
    }

    @Override
    public void close() {
        ConfigProviderResolver.instance().releaseConfig(config);
    }

    @Override
    public String toString() {
        return "TestConfig[" + loader + "]";
    }
}
