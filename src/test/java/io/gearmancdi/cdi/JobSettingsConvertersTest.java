package io.gearmancdi.cdi;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.cdi.invalid.badconfig.FineJobs;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.Converter;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, "configuration through MicroProfile Config's converters", for the keys {@link SettingsConvertersTest} does
 * not cover: the per-job {@code gearman.job."<name>".*} and all-job {@code gearman.job.*} keys and the JSON limits.
 * The library's own forms first, then the application's converters for a value those forms refuse; messages unchanged.
 * Real SmallRye Config and Weld, no stand-in.
 */
class JobSettingsConvertersTest {
    /** An application's converter: small numbers in words. */
    static final class WordsInteger implements Converter<Integer> {
        @Override
        public Integer convert(String value) {
            return switch (value.trim()) {
                case "three" -> 3;
                case "sixty-four" -> 64;
                case "a mebibyte" -> 1 << 20;
                case "two thousand" -> 2000;
                default -> throw new IllegalArgumentException("not a number in words: " + value);
            };
        }
    }

    private static final GearmanJob DEFAULTS = annotationOf("fine");

    private static GearmanJob annotationOf(String method) {
        try {
            return FineJobs.class.getMethod(method).getAnnotation(GearmanJob.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static SmallRyeConfigBuilder builder(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 1000))
                .withConverter(Duration.class, 200, new SettingsConvertersTest.WordsDuration())
                .withConverter(Integer.class, 200, new WordsInteger());
    }

    private static JobRetry resolve(Config config, String job, List<String> problems) {
        return JobRetry.resolve(job, DEFAULTS, key -> config.getOptionalValue(key, String.class),
                config::getOptionalValue, problems);
    }

    @Test
    @DisplayName("issue 13: an application's Duration and Integer converters read per-job and all-job keys")
    void perJobAndAllJobKeysUseTheConverters() {
        Config config = builder(Map.of("gearman.job.\"x\".retries", "three",
                "gearman.job.\"x\".backoff", "half a minute",
                "gearman.job.\"x\".max-backoff", "two hours",
                "gearman.job.timeout", "half a minute")).build();
        List<String> problems = new ArrayList<>();
        JobRetry x = resolve(config, "x", problems);
        assertThat(problems).isEmpty();
        assertThat(x.retries()).isEqualTo(3);
        assertThat(x.backoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(x.maxBackoff()).isEqualTo(Duration.ofHours(2));
        assertThat(x.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("issue 13: per-job keys keep their own forms, ranges and messages, converters or not")
    void perJobOwnFormsAndMessagesStay() {
        Map<String, String> values = Map.of("gearman.job.\"x\".retries", "two thousand",
                "gearman.job.\"x\".backoff", "5s",
                "gearman.job.\"x\".max-backoff", "soon",
                "gearman.job.\"x\".timeout", "0s");
        Config config = builder(values).build();
        List<String> problems = new ArrayList<>();
        JobRetry x = resolve(config, "x", problems);
        assertThat(x.retries()).isZero();
        assertThat(x.backoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(x.maxBackoff()).isEqualTo(Duration.ofMinutes(10));
        assertThat(x.timeout()).isNull();
        Config plain = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 1000)).build();
        List<String> without = new ArrayList<>();
        JobRetry.resolve("x", DEFAULTS, key -> plain.getOptionalValue(key, String.class),
                GearmanSettings.Converted.NONE, without);
        assertThat(problems).isEqualTo(without).containsExactly(
                "configuration gearman.job.\"x\".retries='two thousand' is invalid: expected a whole number from 0 "
                        + "to 1000",
                "configuration gearman.job.\"x\".max-backoff='soon' is invalid: 'soon' is not a duration (use for "
                        + "example 500ms, 30s, 2m, 1h or ISO-8601 PT30S)",
                "configuration gearman.job.\"x\".timeout='0s' is invalid: must be longer than zero");
    }

    @Test
    @DisplayName("issue 13: an application's Integer converter reads gearman.json.max-size and max-depth")
    void jsonKeysUseTheConverters() {
        Config config = builder(Map.of("gearman.json.max-size", "a mebibyte", "gearman.json.max-depth", "sixty-four"))
                .build();
        List<String> problems = new ArrayList<>();
        GearmanSettings settings = GearmanSettings.read(key -> config.getOptionalValue(key, String.class),
                config::getOptionalValue, problems);
        assertThat(problems).isEmpty();
        assertThat(settings.jsonLimits().maxSize()).isEqualTo(1 << 20);
        assertThat(settings.jsonLimits().maxDepth()).isEqualTo(64);
    }

    @Test
    @DisplayName("issue 13: the extension reads per-job keys through the converters and profiles")
    void extensionUsesConvertersAndProfiles() {
        Config config = builder(Map.of("gearman.worker.enabled", "false",
                "gearman.job.\"fine\".retries", "2", "%test.gearman.job.\"fine\".retries", "three",
                "gearman.job.\"fine\".backoff", "half a minute", "gearman.json.max-depth", "sixty-four"))
                .withProfile("test").build();
        GearmanExtension extension = new GearmanExtension();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(loader));
        resolver.registerConfig(config, loader);
        try (WeldContainer container = WeldInitiator.createWeld()
                .property("org.jboss.weld.construction.relaxed", false)
                .addBeanClasses(FineJobs.class)
                .addExtension(extension)
                .addExtension(new io.smallrye.config.inject.ConfigExtension())
                .initialize()) {
            assertThat(container.isRunning()).isTrue();
            assertThat(extension.retry("fine").retries()).isEqualTo(3);
            assertThat(extension.retry("fine").backoff()).isEqualTo(Duration.ofSeconds(30));
            assertThat(extension.settings().jsonLimits().maxDepth()).isEqualTo(64);
        } finally {
            resolver.releaseConfig(config);
        }
    }
}
