package io.gearmancdi.cdi;

import io.gearmancdi.ServerAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GearmanSettingsTest {
    private static GearmanSettings read(Map<String, String> values, List<String> problems) {
        return GearmanSettings.read(key -> Optional.ofNullable(values.get(key)), problems);
    }

    @Test
    void defaultsAreThoseOfTheDesign() {
        GearmanSettings s = GearmanSettings.defaults();
        assertThat(s.servers()).containsExactly(new ServerAddress("localhost", 4730));
        assertThat(s.workerEnabled()).isTrue();
        assertThat(s.workerCount()).isEqualTo(1);
        assertThat(s.workerJobs()).isNull();
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.jobNamePrefix()).isNull();
        assertThat(s.clientTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.clientMaxRetries()).isZero();
        assertThat(s.embeddedEnabled()).isFalse();
        assertThat(s.embeddedPort()).isEqualTo(4730);
        assertThat(s.metricsEnabled()).isTrue();
    }

    /** Issue 14: gearman.metrics.enabled is read by the settings' own boolean forms, a typo is a problem. */
    @Test
    void issue14MetricsSwitchIsReadLikeTheOtherKeys() {
        List<String> problems = new ArrayList<>();
        assertThat(read(Map.of("gearman.metrics.enabled", "off"), problems).metricsEnabled()).isFalse();
        assertThat(read(Map.of("gearman.metrics.enabled", "TRUE"), problems).metricsEnabled()).isTrue();
        assertThat(problems).isEmpty();
        assertThat(read(Map.of("gearman.metrics.enabled", "flase"), problems).metricsEnabled()).isTrue();
        assertThat(problems).containsExactly("configuration gearman.metrics.enabled='flase' is invalid: expected true "
                + "or false");
    }

    @Test
    void clientCompletionOnTheReaderIsOffUnlessAsked() {
        List<String> problems = new ArrayList<>();
        assertThat(read(Map.of(), problems).clientCompletesOnReader()).isFalse();
        assertThat(read(Map.of("gearman.client.complete-on-reader", "true"), problems).clientCompletesOnReader())
                .isTrue();
        assertThat(problems).isEmpty();
        assertThat(read(Map.of("gearman.client.complete-on-reader", "ture"), problems).clientCompletesOnReader())
                .isFalse();
        assertThat(problems).containsExactly("configuration gearman.client.complete-on-reader='ture' is invalid: "
                + "expected true or false");
    }

    @Test
    void everyKeyIsRead() {
        List<String> problems = new ArrayList<>();
        GearmanSettings s = read(Map.of("gearman.servers", "a:1, b:2", "gearman.worker.enabled", "false",
                "gearman.worker.count", "4", "gearman.worker.jobs", "x, y", "gearman.worker.shutdown-timeout", "2m",
                "gearman.job-name.prefix", "none", "gearman.client.timeout", "PT1.5S",
                "gearman.client.max-retries", "3", "gearman.embedded-server.enabled", "true",
                "gearman.embedded-server.port", "0"), problems);
        assertThat(problems).isEmpty();
        assertThat(s.servers()).containsExactly(new ServerAddress("a", 1), new ServerAddress("b", 2));
        assertThat(s.workerEnabled()).isFalse();
        assertThat(s.workerCount()).isEqualTo(4);
        assertThat(s.workerJobs()).isEqualTo(Set.of("x", "y"));
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.configuredMapper().toInternal("n")).isEqualTo("n");
        assertThat(s.clientTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.clientMaxRetries()).isEqualTo(3);
        assertThat(s.embeddedEnabled()).isTrue();
        assertThat(s.embeddedPort()).isZero();
        assertThat(read(Map.of("gearman.job-name.prefix", "app"), problems).configuredMapper().toInternal("n"))
                .isEqualTo("app.n");
    }

    @Test
    void badValuesAreAllReportedNamingTheirKeys() {
        List<String> problems = new ArrayList<>();
        read(Map.of("gearman.worker.count", "many", "gearman.client.timeout", "0s",
                "gearman.job-name.prefix", "two words"), problems);
        assertThat(problems).hasSize(3).anyMatch(p -> p.contains("gearman.worker.count='many'"))
                .anyMatch(p -> p.contains("gearman.client.timeout='0s'"))
                .anyMatch(p -> p.contains("gearman.job-name.prefix='two words'"));
    }

    /** Issue 10 items 7 and 8: the embedded server's limits and admin shutdown switch as configuration keys. */
    @Test
    void issue10items7and8_embeddedServerLimitsAreRead() {
        List<String> problems = new ArrayList<>();
        GearmanSettings.EmbeddedServerLimits defaults = GearmanSettings.readEmbeddedServerLimits(k -> Optional.empty(),
                problems);
        assertThat(defaults).isEqualTo(new GearmanSettings.EmbeddedServerLimits(null, null, null, false));
        Map<String, String> values = Map.of("gearman.embedded-server.max-queue", "1000",
                "gearman.embedded-server.max-queue-bytes", "64m", "gearman.embedded-server.max-packet-size", "1048576",
                "gearman.embedded-server.allow-admin-shutdown", "true");
        assertThat(GearmanSettings.readEmbeddedServerLimits(k -> Optional.ofNullable(values.get(k)), problems))
                .isEqualTo(new GearmanSettings.EmbeddedServerLimits(1000, 64L * 1024 * 1024, 1024 * 1024, true));
        assertThat(problems).isEmpty();
        Map<String, String> bad = Map.of("gearman.embedded-server.max-queue", "-1",
                "gearman.embedded-server.max-queue-bytes", "lots", "gearman.embedded-server.max-packet-size", "0",
                "gearman.embedded-server.allow-admin-shutdown", "maybe");
        GearmanSettings.readEmbeddedServerLimits(k -> Optional.ofNullable(bad.get(k)), problems);
        assertThat(problems).hasSize(4)
                .anyMatch(p -> p.contains("gearman.embedded-server.max-queue='-1'"))
                .anyMatch(p -> p.contains("gearman.embedded-server.max-queue-bytes='lots'"))
                .anyMatch(p -> p.contains("gearman.embedded-server.max-packet-size='0'"))
                .anyMatch(p -> p.contains("gearman.embedded-server.allow-admin-shutdown='maybe'"));
    }

    @Test
    void durationsInShortAndIsoForms() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 15 s ")).isEqualTo(Duration.ofSeconds(15));
        for (String bad : List.of("30", "s", "1.5s", "soon", "-", "-soon")) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).hasMessageContaining("is not a duration");
        }
    }

    @Test
    @DisplayName("issue 11 item 10: a negative duration is called negative, a blank prefix is quoted as given")
    void misleadingMessagesIssue11Item10() {
        for (String negative : List.of("-5s", "-1 s", "PT-1S", "-PT1S")) {
            assertThatThrownBy(() -> Durations.parse(negative)).as(negative)
                    .hasMessage("'" + negative + "' is negative: a duration must be zero or longer");
        }
        List<String> problems = new ArrayList<>();
        read(Map.of("gearman.worker.shutdown-timeout", "-5s", "gearman.job-name.prefix", " "), problems);
        assertThat(problems).containsExactlyInAnyOrder(
                "configuration gearman.worker.shutdown-timeout='-5s' is invalid: '-5s' is negative: a duration must "
                        + "be zero or longer",
                "configuration gearman.job-name.prefix=' ' is invalid: a prefix must not be blank (leave the key out "
                        + "for the default, or use none for unchanged names)");
    }

    @Test
    void issue11item7_pollIntervalIsConfigurableAndDefaultsToOneSecond() {
        List<String> problems = new ArrayList<>();
        assertThat(GearmanSettings.defaults().pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(read(Map.of("gearman.worker.poll-interval", "250ms"), problems).pollInterval())
                .isEqualTo(Duration.ofMillis(250));
        assertThat(problems).isEmpty();
        assertThat(read(Map.of("gearman.worker.poll-interval", "0s"), problems).pollInterval())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(problems).singleElement().asString().contains("gearman.worker.poll-interval");
    }
}
