package io.gearmancdi.testing;

import io.gearmancdi.cdi.GearmanExtension;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;

/**
 * An application in Weld SE, as a server would run it (strict construction), with the gearman extension and SmallRye
 * Config, and its own MicroProfile Config: it is started under a class loader of its own, so that several apps with
 * different settings can run in one JVM at once. A class whose tests share one declares it with {@link WithCdiApp}
 * rather than keeping it in a static field.
 */
public final class CdiApp implements AutoCloseable {
    private final WeldContainer container;
    private final TestConfig config;

    private CdiApp(WeldContainer container, TestConfig config) {
        this.container = container;
        this.config = config;
    }

    /** Starts an app with these settings and bean classes. */
    public static CdiApp start(Map<String, String> settings, Class<?>... beans) {
        ClassLoader own = new URLClassLoader(new URL[0], CdiApp.class.getClassLoader());
        TestConfig config = TestConfig.install(own, settings);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(own);
        try {
            WeldContainer container = WeldInitiator.createWeld()
                    .property("org.jboss.weld.construction.relaxed", false)
                    .addBeanClasses(beans)
                    .addExtension(new GearmanExtension())
                    .addExtension(new io.smallrye.config.inject.ConfigExtension())
                    .initialize();
            return new CdiApp(container, config);
        } catch (RuntimeException e) {
            config.close();
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** @return a bean of the app */
    public <T> T get(Class<T> type) {
        return container.select(type).get();
    }

    /** @return the container */
    public WeldContainer container() {
        return container;
    }

    /** Shuts the container down: workers drain, the client closes. */
    @Override
    public void close() {
        try {
            if (container.isRunning()) {
                container.shutdown();
            }
        } finally {
            config.close();
        }
    }
}
