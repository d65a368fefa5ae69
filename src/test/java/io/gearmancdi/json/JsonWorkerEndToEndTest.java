package io.gearmancdi.json;

import io.gearmancdi.GearmanJobException;
import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.json.fixtures.PointJobs;
import io.gearmancdi.testing.GearmandExtension;
import io.gearmancdi.testing.WithCdiApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10 item 1 end to end: hostile payloads fail their job on a real worker, which then serves the next job. */
@ExtendWith(GearmandExtension.class)
@WithCdiApp(beans = PointJobs.class,
        settings = {"gearman.job-name.prefix=jsone2e", "gearman.worker.count=2", "gearman.worker.shutdown-timeout=5s"})
class JsonWorkerEndToEndTest {
    private static final byte[] NINETEEN_BYTES = "{\"args\":[{\"z\":[}}]}".getBytes(StandardCharsets.UTF_8);
    private static final String FUNCTION = "jsone2e.json-point";

    private final JobClient client;

    /** The class's app serves the jobs; a plain client submits them. */
    JsonWorkerEndToEndTest(ServerAddress gearmand) {
        client = JobClient.create(ClientOptions.builder().servers(List.of(gearmand))
                .timeout(Duration.ofSeconds(30)).build());
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    @DisplayName("issue 10 item 1: {\"args\":[{\"z\":[}}]} fails its job on a -w 2 worker, which serves the next")
    void nineteenByteMismatchedBracketsFailTheJobAndTheWorkerServesTheNext() throws Exception {
        // two background jobs used to take both worker connections out of service (JSON-B spinning at 100 % CPU)
        client.submitBackground(FUNCTION, NINETEEN_BYTES, SubmitOptions.DEFAULTS).get(30, TimeUnit.SECONDS);
        client.submitBackground(FUNCTION, NINETEEN_BYTES, SubmitOptions.DEFAULTS).get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> client.call(FUNCTION, NINETEEN_BYTES, SubmitOptions.DEFAULTS))
                .isInstanceOfSatisfying(GearmanJobException.class, e -> {
                    assertThat(e.remoteType()).isEqualTo(GearmanPayloadException.class.getName());
                    assertThat(e.remoteMessage()).contains("JSON envelope", "expected a JSON value at character 15");
                });
        byte[] ok = client.call(FUNCTION, "{\"args\":[{\"x\":7,\"y\":1}]}".getBytes(StandardCharsets.UTF_8),
                SubmitOptions.DEFAULTS);
        assertThat(new String(ok, StandardCharsets.UTF_8)).isEqualTo("7");
        // a number that does not fit the record component fails too, naming the parameter
        byte[] fraction = "{\"args\":[{\"x\":1.5,\"y\":1}]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> client.call(FUNCTION, fraction, SubmitOptions.DEFAULTS))
                .isInstanceOfSatisfying(GearmanJobException.class,
                        e -> assertThat(e.remoteMessage()).contains("argument 'point'", "at .x: 1.5 is not an integer"));
    }
}
