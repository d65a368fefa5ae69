package io.gearmancdi.example.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: the library's MicroProfile Health checks in the server's own health endpoint follow gearmand: UP while it
 * runs, DOWN once it is stopped, UP again once it is back and the workers have registered their jobs on it again.
 * Subclasses say where the server publishes readiness.
 */
@ExtendWith({GearmandExtension.class, ArquillianExtension.class})
public abstract class HealthScenarios {
    private static final String CHECK = "gearman-servers";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @ArquillianResource
    URL webModule;

    @Deployment(testable = false)
    public static EnterpriseArchive ear() {
        return ExampleEar.load();
    }

    /**
     * @param webModule the web module's URL
     * @return the server's MicroProfile Health readiness endpoint
     */
    protected abstract URI readiness(URL webModule);

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
