package io.gearmancdi.example.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: the library's MicroProfile Health checks in the server's own health endpoint follow gearmand: UP while it
 * runs, DOWN once it is stopped, UP again once it is back and the workers have registered their jobs on it again; and
 * its metrics in the server's own metrics move with the jobs run. Subclasses say where the server publishes readiness
 * and how to read its metrics. One deployment for both.
 */
@ExtendWith({GearmandExtension.class, ArquillianExtension.class})
public abstract class HealthScenarios {
    private static final String CHECK = "gearman-servers";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @ArquillianResource
    URL webModule;

    /**
     * The OTLP receiver the server exports its OpenTelemetry metrics to (system property {@code example.otlp}). It lives
     * as long as the test JVM (daemon threads): the server's last export, when the application is undeployed after the
     * test class, still finds it.
     */
    private static volatile OtlpReceiver otlp;

    /**
     * The example EAR; with the system property {@code example.otlp=true} (WildFly), plus a library jar whose
     * MicroProfile Config turns MicroProfile Telemetry's SDK on and exports its metrics every second over OTLP/HTTP to
     * a receiver in this JVM, which stands in for the OpenTelemetry collector a production server exports to.
     */
    @Deployment(testable = false)
    public static EnterpriseArchive ear() {
        EnterpriseArchive ear = ExampleEar.load();
        if (Boolean.getBoolean("example.otlp")) {
            if (otlp == null) {
                otlp = OtlpReceiver.start();
            }
            String config = String.join("\n", "otel.sdk.disabled=false", "otel.service.name=gearman-cdi-example",
                    "otel.exporter.otlp.protocol=http/protobuf", "otel.exporter.otlp.endpoint=" + otlp.endpoint(),
                    "otel.metric.export.interval=1000", "otel.traces.exporter=none", "otel.logs.exporter=none", "");
            ear.addAsLibrary(ShrinkWrap.create(JavaArchive.class, "example-otel-test-config.jar")
                    .addAsManifestResource(new StringAsset(config), "microprofile-config.properties"));
        }
        return ear;
    }

    /** @return the OTLP receiver of the deployment (with {@code example.otlp=true}) */
    protected static OtlpReceiver otlp() {
        if (otlp == null) {
            throw new IllegalStateException("no OTLP receiver: the deployment was made without example.otlp=true");
        }
        return otlp;
    }

    /**
     * @param webModule the web module's URL
     * @return the server's MicroProfile Health readiness endpoint
     */
    protected abstract URI readiness(URL webModule);

    /**
     * Reads one series of a gearman counter from the server's own metrics (waiting, bounded, until they show gearman's
     * metrics at all).
     *
     * @param webModule  the web module's URL
     * @param prometheus the counter's Prometheus name, {@code gearman_jobs_total} or {@code gearman_client_calls_total}
     * @param job        the {@code job} label
     * @param outcome    the {@code outcome} label
     * @return its value, empty while the server shows no such series
     */
    protected abstract OptionalDouble gearmanCounter(URL webModule, String prometheus, String job, String outcome);

    /**
     * Issue 14, metrics in containers: the library publishes its counters through the server's metrics API (WildFly 39:
     * OpenTelemetry metrics of MicroProfile Telemetry 2.0, exported over OTLP; Payara 6: MicroProfile Metrics on
     * {@code /metrics}), and they move by exactly the jobs run.
     */
    @Test
    void issue14CountersMoveInTheServersOwnMetrics() {
        String job = "io.gearmancdi.example.reverse";
        double jobsBefore = gearmanCounter(webModule, "gearman_jobs_total", job, "completed").orElse(0);
        double callsBefore = gearmanCounter(webModule, "gearman_client_calls_total", job, "completed").orElse(0);
        Rest rest = new Rest(webModule);
        int n = 3;
        for (int i = 0; i < n; i++) {
            assertThat(rest.getJson("reverse?text=metrics" + i).getString("result")).isEqualTo(i + "scirtem");
        }
        awaitCounter("gearman_jobs_total", job, jobsBefore + n);
        awaitCounter("gearman_client_calls_total", job, callsBefore + n);
    }

    private void awaitCounter(String name, String job, double expected) {
        OptionalDouble[] last = {OptionalDouble.empty()};
        try {
            Poll.until(name + "{job=" + job + ",outcome=completed} = " + expected, Duration.ofSeconds(60), () -> {
                last[0] = gearmanCounter(webModule, name, job, "completed");
                return last[0].isPresent() && last[0].getAsDouble() == expected ? Optional.of(true)
                        : Optional.empty();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last value: " + last[0], e);
        }
    }

    /** The HTTP status of a readiness answer and its {@code gearman-servers} check. */
    record Readiness(int httpStatus, JsonObject check) {
        String status() {
            return check == null ? "ABSENT" : check.getString("status");
        }
    }

    @Test
    void issue14ReadinessIsUpWithGearmandDownWhenItStopsAndUpAfterItRestarts() {
        GearmandProcess gearmand = GearmandExtension.current();
        String server = "gearman-server " + gearmand.address();

        Readiness up = await("UP", Duration.ofSeconds(60));
        assertThat(up.httpStatus()).isEqualTo(200);
        assertThat(up.check().getJsonObject("data").getString(server)).isEqualTo("UP");

        gearmand.close();
        try {
            Readiness down = await("DOWN", Duration.ofSeconds(30));
            assertThat(down.httpStatus()).isEqualTo(503);
            assertThat(down.check().getJsonObject("data").getString(server))
                    .contains("job server " + gearmand.address() + " unreachable");
        } finally {
            gearmand.restart();
        }
        // the workers reconnect with back-off (at most 10 s apart) and register their jobs again
        Readiness again = await("UP", Duration.ofSeconds(60));
        assertThat(again.httpStatus()).isEqualTo(200);
    }

    private Readiness await(String status, Duration within) {
        Readiness[] last = new Readiness[1];
        try {
            return Poll.until("readiness check " + CHECK + " " + status, within, () -> {
                last[0] = readiness();
                return last[0].status().equals(status) ? Optional.of(last[0]) : Optional.empty();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
        }
    }

    private Readiness readiness() {
        URI uri = readiness(webModule);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString(
                    StandardCharsets.UTF_8));
            JsonObject body;
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                body = reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError(uri + ": not JSON (HTTP " + response.statusCode() + "): " + response.body(),
                        e);
            }
            JsonObject check = body.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(c -> CHECK.equals(c.getString("name", null))).findFirst().orElse(null);
            return new Readiness(response.statusCode(), check);
        } catch (IOException e) {
            throw new UncheckedIOException(uri.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
