package io.gearmancdi;

import io.gearmancdi.admin.AdminClient;
import io.gearmancdi.admin.FunctionStatus;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.server.EmbeddedGearmanServer;
import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.WorkerOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Without CDI" example, as written there, so that it keeps compiling and working. */
class ReadmeExampleTest {

    @Test
    void plainJavaExampleWorks() {
        try (EmbeddedGearmanServer server = EmbeddedGearmanServer.builder().port(0).build().start();
             GearmanWorker worker = GearmanWorker.create(WorkerOptions.builder()
                     .servers(List.of(server.address())).connectionsPerServer(4).build());
             JobClient client = JobClient.create(ClientOptions.builder().servers(List.of(server.address())).build())) {
            worker.register("reverse", job -> new StringBuilder(new String(job.payload(), UTF_8)).reverse()
                    .toString().getBytes(UTF_8));
            worker.start();

            byte[] result = client.call("reverse", "hello".getBytes(UTF_8), SubmitOptions.DEFAULTS);
            JobHandle handle = client.submitBackground("reverse", "later".getBytes(UTF_8),
                    SubmitOptions.builder().priority(Priority.LOW).unique("order-42").build()).join();
            List<FunctionStatus> status;
            try (AdminClient admin = AdminClient.connect(server.address(), Duration.ofSeconds(5))) {
                status = admin.status();
            }

            assertThat(new String(result, UTF_8)).isEqualTo("olleh");
            assertThat(handle.unique()).isEqualTo("order-42");
            assertThat(status).extracting(FunctionStatus::name).containsExactly("reverse");
        }
    }
}
