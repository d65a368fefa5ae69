package io.gearmancdi.example.it;

import java.io.IOException;
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

/**
 * The health scenario in Payara Server: {@code /health/ready} on the HTTP listener; metrics through MicroProfile
 * Metrics, {@code /metrics} on the HTTP listener (Prometheus text).
 */
class PayaraHealthTest extends HealthScenarios {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    protected URI readiness(URL webModule) {
        return URI.create(webModule.getProtocol() + "://" + webModule.getHost() + ":" + webModule.getPort()
                + "/health/ready");
    }

    @Override
    protected OptionalDouble gearmanCounter(URL webModule, String prometheus, String job, String outcome) {
        URI uri = URI.create(webModule.getProtocol() + "://" + webModule.getHost() + ":" + webModule.getPort()
                + "/metrics");
        // the served jobs' series are registered when the application starts
        String[] last = {""};
        String text;
        try {
            text = Poll.until("gearman metrics on " + uri, Duration.ofSeconds(60), () -> {
                last[0] = get(uri);
                return last[0].contains("gearman_worker_connections") ? Optional.of(last[0]) : Optional.empty();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer (" + last[0].length() + " chars): "
                    + last[0].substring(0, Math.min(2000, last[0].length())), e);
        }
        for (String line : text.split("\n")) {
            if (line.startsWith(prometheus + "{") && line.contains("job=\"" + job + "\"")
                    && line.contains("outcome=\"" + outcome + "\"")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    private String get(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString(
                    StandardCharsets.UTF_8));
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(uri.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
