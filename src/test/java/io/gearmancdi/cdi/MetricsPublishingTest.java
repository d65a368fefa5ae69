package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanJobException;
import io.gearmancdi.cdi.fixtures.GearmanJobs;
import io.gearmancdi.cdi.fixtures.OpenTelemetryMetricsFixture;
import io.gearmancdi.metrics.Histogram;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.Deployments;
import io.gearmancdi.testing.Gearmand;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14 ("Metrics", in containers): the extension publishes the registry through the application's OpenTelemetry
 * (MicroProfile Telemetry 2.0) when it has one, here the SDK with an in-memory reader; and {@code gearman.metrics.enabled}
 * is read like every other key.
 */
class MetricsPublishingTest {
    private static final String REVERSE = "io.gearmancdi.cdi.fixtures.reverse";
    private static final AttributeKey<String> JOB = AttributeKey.stringKey("job");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server");
    private static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("function");

    @Test
    @DisplayName("issue 14 metrics in containers: OpenTelemetry instruments read the registry; unpublished at shutdown")
    void issue14MetricsArePublishedThroughTheApplicationsOpenTelemetry() throws Exception {
        InMemoryMetricReader reader;
        try (Gearmand gearmand = Gearmand.start()) {
            try (CdiApp app = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                    "gearman.job-name.prefix", "otel", "gearman.worker.poll-interval", "200ms"),
                    GearmanJobs.class, OpenTelemetryMetricsFixture.class)) {
                reader = app.get(OpenTelemetryMetricsFixture.class).reader();
                GearmanClient client = app.get(GearmanClient.class);
                assertThat(client.call(REVERSE, String.class, "abc")).isEqualTo("cba");
                assertThat(client.call(REVERSE, String.class, "xy")).isEqualTo("yx");
                assertThatThrownBy(() -> client.call(REVERSE, String.class, 1, 2))
                        .isInstanceOf(GearmanJobException.class);

                Collection<MetricData> metrics = reader.collectAllMetrics();
                assertThat(counter(metrics, "gearman.jobs", Attributes.of(JOB, REVERSE, OUTCOME, "completed")))
                        .isEqualTo(2);
                assertThat(counter(metrics, "gearman.jobs", Attributes.of(JOB, REVERSE, OUTCOME, "bad_payload")))
                        .isEqualTo(1);
                assertThat(counter(metrics, "gearman.client.calls", Attributes.of(JOB, REVERSE, OUTCOME, "completed")))
                        .isEqualTo(2);
                assertThat(counter(metrics, "gearman.client.calls", Attributes.of(JOB, REVERSE, OUTCOME, "failed")))
                        .isEqualTo(1);
                HistogramPointData jobs = histogram(metrics, "gearman.job.duration", Attributes.of(JOB, REVERSE));
                assertThat(jobs.getCount()).as("a bad payload has no duration").isEqualTo(2);
                assertThat(jobs.getBoundaries()).containsExactlyElementsOf(
                        Arrays.stream(Histogram.bounds()).boxed().toList());
                assertThat(histogram(metrics, "gearman.client.call.duration", Attributes.of(JOB, REVERSE)).getCount())
                        .isEqualTo(3);
                assertThat(metric(metrics, "gearman.job.duration").getUnit()).isEqualTo("s");
                // one worker connection to the one server, in one of its states
                assertThat(metric(metrics, "gearman.worker.connections").getLongGaugeData().getPoints().stream()
                        .filter(p -> gearmand.address().toString().equals(p.getAttributes().get(SERVER)))
                        .mapToLong(LongPointData::getValue).sum()).isEqualTo(1);
                assertThat(metric(metrics, "gearman.jobs.running").getLongGaugeData().getPoints())
                        .anyMatch(p -> REVERSE.equals(p.getAttributes().get(JOB)));
                // the job servers' admin status: this instance's worker is registered for the function
                Attributes function = Attributes.of(SERVER, gearmand.address().toString(), FUNCTION,
                        "otel." + REVERSE);
                assertThat(awaitGauge(reader, "gearman.server.workers", function)).isEqualTo(1);
            }
            assertThat(reader.collectAllMetrics()).as("the callbacks are removed when the application stops")
                    .noneMatch(m -> m.getName().equals("gearman.jobs"));
        }
    }

    @Test
    @DisplayName("issue 14: gearman.metrics.enabled=false publishes nothing, counts nothing")
    void issue14DisabledMetricsAreNotPublished() throws Exception {
        try (Gearmand gearmand = Gearmand.start();
             CdiApp app = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                     "gearman.job-name.prefix", "otel-off", "gearman.metrics.enabled", "off"),
                     GearmanJobs.class, OpenTelemetryMetricsFixture.class)) {
            InMemoryMetricReader reader = app.get(OpenTelemetryMetricsFixture.class).reader();
            assertThat(app.get(GearmanClient.class).call(REVERSE, String.class, "abc")).isEqualTo("cba");
            assertThat(reader.collectAllMetrics()).noneMatch(m -> m.getName().startsWith("gearman."));
            WorkerManager manager = app.get(WorkerManager.class);
            assertThat(manager.metrics().jobCounts()).isEmpty();
            assertThat(manager.metrics().clientCallCounts()).isEmpty();
        }
    }

    /**
     * Issue 14 item 4 (of the metrics brief): a typo in {@code gearman.metrics.enabled} used to go through MicroProfile
     * Config's boolean converter, which reads every unknown word as {@code false}: metrics silently off. Now it is a
     * deployment problem naming the key, like every other key.
     */
    @Test
    @DisplayName("issue 14: a bad gearman.metrics.enabled is a deployment error naming the key")
    void issue14BadMetricsSwitchIsADeploymentError() {
        Throwable failure = Deployments.failure(Map.of("gearman.worker.enabled", "false",
                "gearman.metrics.enabled", "ture"), GearmanJobs.class);
        assertThat(failure).isNotNull();
        assertThat(failure).hasMessageContaining("gearman.metrics.enabled='ture' is invalid: expected true or false");
    }

    private static MetricData metric(Collection<MetricData> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + metrics.stream()
                        .map(MetricData::getName).toList()));
    }

    private static long counter(Collection<MetricData> metrics, String name, Attributes attributes) {
        MetricData metric = metric(metrics, name);
        assertThat(metric.getLongSumData().isMonotonic()).isTrue();
        return metric.getLongSumData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
                .findFirst().orElseThrow(() -> new AssertionError("no point " + attributes + " in " + metric))
                .getValue();
    }

    private static HistogramPointData histogram(Collection<MetricData> metrics, String name, Attributes attributes) {
        MetricData metric = metric(metrics, name);
        return metric.getHistogramData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
                .findFirst().orElseThrow(() -> new AssertionError("no point " + attributes + " in " + metric));
    }

    /** The server sample is taken at most every 2 s: waits (bounded) for the gauge to show the function. */
    private static long awaitGauge(InMemoryMetricReader reader, String name, Attributes attributes)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<LongPointData> last = List.of();
        while (System.nanoTime() < deadline) {
            last = reader.collectAllMetrics().stream().filter(m -> m.getName().equals(name))
                    .flatMap(m -> m.getLongGaugeData().getPoints().stream()).toList();
            Optional<LongPointData> point = last.stream().filter(p -> p.getAttributes().equals(attributes))
                    .findFirst();
            if (point.isPresent() && point.get().getValue() > 0) {
                return point.get().getValue();
            }
            Thread.sleep(100); // polling a sampled gauge, bounded above; not a synchronisation
        }
        throw new AssertionError("no " + name + " " + attributes + " within 30 s; last: " + last);
    }
}
