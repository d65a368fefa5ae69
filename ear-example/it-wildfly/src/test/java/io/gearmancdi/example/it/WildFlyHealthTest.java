package io.gearmancdi.example.it;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The health scenario in WildFly ({@code standalone-microprofile.xml}): readiness on the management port; metrics
 * through MicroProfile Telemetry 2.0's OpenTelemetry, exported over OTLP/HTTP to the test's receiver (WildFly has no
 * endpoint to scrape OpenTelemetry metrics from: a server exports them to a collector).
 */
class WildFlyHealthTest extends HealthScenarios {
    /** The OpenTelemetry names of the Prometheus counters (dots, no {@code _total}). */
    private static final Map<String, String> OTEL_NAMES = Map.of("gearman_jobs_total", "gearman.jobs",
            "gearman_client_calls_total", "gearman.client.calls");

    @Override
    protected URI readiness(URL webModule) {
        return URI.create("http://" + webModule.getHost() + ":" + System.getProperty("wildfly.management.port")
                + "/health/ready");
    }

    @Override
    protected OptionalDouble gearmanCounter(URL webModule, String prometheus, String job, String outcome) {
        OtlpReceiver receiver = otlp();
        // the gauges are there from the start: once they arrive, every series that exists has been exported
        try {
            Poll.until("gearman metrics exported over OTLP", Duration.ofSeconds(60),
                    () -> receiver.names().contains("gearman.worker.connections") ? Optional.of(true)
                            : Optional.empty());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; received " + receiver.names() + ", " + receiver, e);
        }
        return receiver.latest(OTEL_NAMES.get(prometheus), Map.of("job", job, "outcome", outcome));
    }
}
