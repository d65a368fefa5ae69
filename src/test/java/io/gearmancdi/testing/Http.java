package io.gearmancdi.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Plain HTTP requests to a server under test (the standalone worker's health, metrics and dashboard). */
public final class Http {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @return the answer to a GET of {@code url} (bounded: 20 s) */
    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)));
    }

    /** @return the answer to {@code request} */
    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * GETs {@code url} until an answer meets {@code condition}, at most 60 s.
     *
     * @return that answer
     * @throws AssertionError with the last answer when none did
     */
    public HttpResponse<String> await(String url, Predicate<HttpResponse<String>> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(url);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited 60 s on " + url + "; last answer " + (last == null ? "none"
                : last.statusCode() + " " + last.body()));
    }
}
