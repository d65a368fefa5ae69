package io.gearmancdi.example.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

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

/** Calls the example's REST API ({@code /api/...} under the web module's URL) and reads JSON answers. */
public final class Rest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    /** @param webModule the web module's URL, e.g. {@code http://127.0.0.1:8080/example/} */
    public Rest(URL webModule) {
        String s = webModule.toExternalForm();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
    }

    /** An HTTP answer. */
    public record Answer(int status, String body) {
        /** @return the body as a JSON array */
        public JsonArray jsonArray() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readArray();
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON array (HTTP " + status + "): " + body, e);
            }
        }

        /** @return the body as a JSON object */
        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON object (HTTP " + status + "): " + body, e);
            }
        }
    }

    /** GET {@code api/<pathAndQuery>}. */
    public Answer get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(base.resolve("api/" + pathAndQuery)).GET());
    }

    /** POST {@code api/<pathAndQuery>} with an empty body. */
    public Answer post(String pathAndQuery) {
        return send(HttpRequest.newBuilder(base.resolve("api/" + pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** GET, expecting 200 and a JSON object. */
    public JsonObject getJson(String pathAndQuery) {
        return ok(get(pathAndQuery), pathAndQuery);
    }

    /** POST, expecting 200 and a JSON object. */
    public JsonObject postJson(String pathAndQuery) {
        return ok(post(pathAndQuery), pathAndQuery);
    }

    private static JsonObject ok(Answer answer, String what) {
        if (answer.status() != 200) {
            throw new AssertionError(what + ": HTTP " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(TIMEOUT).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
