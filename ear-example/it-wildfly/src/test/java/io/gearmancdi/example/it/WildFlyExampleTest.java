package io.gearmancdi.example.it;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The example EAR's scenarios in WildFly. */
class WildFlyExampleTest extends ExampleEarScenarios {
    @Override
    protected Pattern managedExecutorThread() {
        return Pattern.compile("EE-ManagedExecutorService-default-Thread-\\d+");
    }

    /**
     * Issue 14, traces, end to end in the server: MicroProfile Telemetry (on through {@code OTEL_SDK_DISABLED=false},
     * see the pom) continues the request's {@code traceparent} in its REST SERVER span, the client's PRODUCER span
     * carries it in the payload's {@code meta}, and the job runs inside a CONSUMER span of the same trace.
     */
    @Test
    void issue14TheJobRunsInTheTraceOfTheRestRequest() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String base = webModule.toExternalForm();
        HttpRequest request = HttpRequest.newBuilder(URI.create((base.endsWith("/") ? base : base + "/")
                        + "api/trace-id"))
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(new Rest.Answer(answer.statusCode(), answer.body()).json().getString("result")).isEqualTo(traceId);
    }
}
