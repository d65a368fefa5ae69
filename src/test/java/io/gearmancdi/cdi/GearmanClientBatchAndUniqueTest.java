package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobRequest;
import io.gearmancdi.JobStatus;
import io.gearmancdi.ResultType;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.admin.AdminClient;
import io.gearmancdi.admin.FunctionStatus;
import io.gearmancdi.cdi.fixtures.GearmanJobs;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.GearmandExtension;
import io.gearmancdi.testing.WithCdiApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 13 "one API": what JobClient has and the CDI user could not reach, against a real gearmand. */
@ExtendWith(GearmandExtension.class)
@WithCdiApp(beans = GearmanJobs.class, settings = {"gearman.job-name.prefix=bu", "gearman.client.timeout=30s"})
class GearmanClientBatchAndUniqueTest {
    private static final String REVERSE = "io.gearmancdi.cdi.fixtures.reverse";
    private final Gearmand gearmand;
    private final GearmanClient client;

    GearmanClientBatchAndUniqueTest(Gearmand gearmand, CdiApp app) {
        this.gearmand = gearmand;
        this.client = app.get(GearmanClient.class);
    }

    @Test
    @DisplayName("issue 13: submitBackgroundAsync completes with the handle; statusByUnique finds the queued job")
    void backgroundAsyncAndStatusByUnique() throws Exception {
        JobHandle handle = client.submitBackgroundAsync(JobRequest.of("batch-unserved").arg("x")
                        .options(SubmitOptions.builder().unique("issue13-unique").build()))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(handle.unique()).isEqualTo("issue13-unique");
        JobStatus status = client.statusByUnique("issue13-unique");
        assertThat(status.known()).isTrue();
        assertThat(status.running()).isFalse();
        assertThat(client.statusByUnique("issue13-no-such-unique").known()).isFalse();
    }

    @Test
    @DisplayName("issue 13: callAllAsync submits a batch and returns the typed results in order")
    void batchRoundTrip() throws Exception {
        List<CompletionStage<String>> results = client.callAllAsync(List.of(JobRequest.of(REVERSE).arg("abc"),
                JobRequest.of(REVERSE).arg("hello"), JobRequest.of(REVERSE).arg("")), String.class);
        assertThat(results).hasSize(3);
        assertThat(results.get(0).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo("cba");
        assertThat(results.get(1).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo("olleh");
        assertThat(results.get(2).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEmpty();
        List<CompletionStage<String>> generic = client.callAllAsync(List.of(JobRequest.of(REVERSE).arg("xy")),
                new ResultType<String>() {
                });
        assertThat(generic.get(0).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo("yx");
    }

    @Test
    @DisplayName("issue 13: a batch with an argument JSON cannot write sends nothing and names the request")
    void batchWithAnUnwritableArgumentSendsNothing() throws Exception {
        assertThatThrownBy(() -> client.callAllAsync(List.of(JobRequest.of("batch-never-sent").arg("fine"),
                JobRequest.of("batch-never-sent").kwarg("ratio", Double.NaN)), String.class))
                .isInstanceOf(GearmanPayloadException.class)
                .hasMessageContaining("request 2 of the batch (batch-never-sent)")
                .hasMessageContaining("argument 'ratio' is NaN")
                .hasMessageContaining("nothing was submitted");
        try (AdminClient admin = AdminClient.connect(gearmand.address(), Duration.ofSeconds(10))) {
            assertThat(admin.status()).extracting(FunctionStatus::name)
                    .noneMatch(name -> name.contains("batch-never-sent"));
        }
    }
}
