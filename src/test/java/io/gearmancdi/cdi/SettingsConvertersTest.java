package io.gearmancdi.cdi;

import io.gearmancdi.ServerAddress;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, "configuration through MicroProfile Config's converters": values the settings' own forms refuse go to the
 * configuration's converters (an application's own included); the documented forms and messages stay as they were.
 * Real SmallRye Config, no stand-in.
 */
class SettingsConvertersTest {
    /** An application's converter: durations in words, as its operators write them. */
    static final class WordsDuration implements Converter<Duration> {
        @Override
        public Duration convert(String value) {
            return switch (value.trim()) {
                case "half a minute" -> Duration.ofSeconds(30);
                case "two hours" -> Duration.ofHours(2);
                default -> throw new IllegalArgumentException("not a duration in words: " + value);
            };
        }
    }

    /** An application's converter: servers found through DNS SRV records (here: one, without a resolver). */
    static final class SrvAddresses implements Converter<ServerAddress> {
        @Override
        public ServerAddress convert(String value) {
            if (value.trim().equals("srv:_gearman._tcp.blue")) {
                return new ServerAddress("gear-blue.internal", 4731);
            }
            throw new IllegalArgumentException("no SRV record: " + value);
        }
    }

    private static GearmanSettings read(Config config, List<String> problems) {
        return GearmanSettings.read(key -> config.getOptionalValue(key, String.class), config::getOptionalValue,
                problems);
    }

    private static SmallRyeConfigBuilder builder(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 1000));
    }

    @Test
    @DisplayName("issue 13: an application's converter reads what the settings' own forms do not")
    void applicationConvertersApply() {
        Config config = builder(Map.of("gearman.client.timeout", "two hours", "gearman.worker.shutdown-timeout",
                "half a minute", "gearman.servers", "srv:_gearman._tcp.blue", "gearman.worker.count", "3"))
                .withConverter(Duration.class, 200, new WordsDuration())
                .withConverter(ServerAddress.class, 200, new SrvAddresses()).build();
        List<String> problems = new ArrayList<>();
        GearmanSettings settings = read(config, problems);
        assertThat(problems).isEmpty();
        assertThat(settings.clientTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.servers()).containsExactly(new ServerAddress("gear-blue.internal", 4731));
        assertThat(settings.workerCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("issue 13: the documented forms keep their meaning and bad values their messages, converters or not")
    void ownFormsAndMessagesStay() {
        Config config = builder(Map.of("gearman.client.timeout", "30s", "gearman.worker.shutdown-timeout", "soon",
                "gearman.worker.count", "many", "gearman.worker.enabled", "maybe", "gearman.servers", "srv:_gearman._tcp.red",
                "gearman.client.submit-timeout", "-PT5S"))
                .withConverter(Duration.class, 200, new WordsDuration())
                .withConverter(ServerAddress.class, 200, new SrvAddresses()).build();
        List<String> problems = new ArrayList<>();
        GearmanSettings settings = read(config, problems);
        assertThat(settings.clientTimeout()).isEqualTo(Duration.ofSeconds(30));
        List<String> without = new ArrayList<>();
        GearmanSettings.read(key -> config.getOptionalValue(key, String.class), without);
        assertThat(problems).isEqualTo(without).hasSize(5)
                .anyMatch(p -> p.startsWith("configuration gearman.worker.shutdown-timeout='soon' is invalid: 'soon' "
                        + "is not a duration"))
                .anyMatch(p -> p.startsWith("configuration gearman.worker.enabled='maybe' is invalid: expected true"))
                .anyMatch(p -> p.contains("gearman.client.submit-timeout='-PT5S' is invalid: '-PT5S' is negative"))
                .anyMatch(p -> p.startsWith("configuration gearman.servers='srv:_gearman._tcp.red' is invalid: not a "
                        + "gearman server address (bad port)"));
    }

    @Test
    @DisplayName("issue 13: profiles select the value, as everywhere in MicroProfile Config")
    void profilesApply() {
        Config config = builder(Map.of("gearman.worker.count", "2", "%staging.gearman.worker.count", "5"))
                .withProfile("staging").build();
        assertThat(read(config, new ArrayList<>()).workerCount()).isEqualTo(5);
    }
}
