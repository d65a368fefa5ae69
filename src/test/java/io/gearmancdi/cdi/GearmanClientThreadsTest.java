package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.JobRequest;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.cdi.fixtures.GearmanJobs;
import io.gearmancdi.cdi.fixtures.MathJobs;
import io.gearmancdi.cdi.fixtures.MathJobsLog;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.Gearmand;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11 item 15: which thread completes the CDI client's {@code callAsync} stages, and through what. */
class GearmanClientThreadsTest {

    @Test
    @DisplayName("issue 11 item 15: under Weld SE callAsync stages complete on the client's completion threads, not a reader")
    void issue11Item15CallAsyncStagesDoNotRunOnTheReaderUnderWeldSe() throws Exception {
        assertThat(threadOfADependentStage(Map.of())).startsWith("gearman-client-completion-");
    }

    @Test
    @DisplayName("gearman.client.complete-on-reader=true: callAsync stages complete on the reader, without a hand-off")
    void completeOnReaderRunsStagesOnTheReader() throws Exception {
        assertThat(threadOfADependentStage(Map.of("gearman.client.complete-on-reader", "true")))
                .startsWith("gearman-client-reader-");
    }

    /** @return the thread that ran a {@code thenApply} of a {@code callAsync}, with these settings added */
    private static String threadOfADependentStage(Map<String, String> extra) throws Exception {
        try (Gearmand gearmand = Gearmand.start()) {
            Map<String, String> settings = new java.util.HashMap<>(Map.of("gearman.servers",
                    gearmand.address().toString(), "gearman.job-name.prefix", "th", "gearman.client.timeout", "30s"));
            settings.putAll(extra);
            try (CdiApp app = CdiApp.start(settings, GearmanJobs.class, MathJobs.class, MathJobsLog.class)) {
                GearmanClient client = app.get(GearmanClient.class);
                // the synchronous API answers the same either way
                assertThat(client.call(JobRequest.of("io.gearmancdi.cdi.fixtures.reverse").arg("xyz"), String.class))
                        .isEqualTo("zyx");
                return client.callAsync(JobRequest.of("io.gearmancdi.cdi.fixtures.reverse").arg("abc"), String.class)
                        .thenApply(result -> Thread.currentThread().getName()).toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @DisplayName("issue 11 item 15: callAsync hands its stage over through the container's copy")
    void issue11Item15CallAsyncHandsItsStageOverThroughTheConfiguredStages() {
        AtomicInteger handedOver = new AtomicInteger();
        CompletableFuture<Object> copy = new CompletableFuture<>();
        ClientCompletion.Stages copying = new ClientCompletion.Stages() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> CompletionStage<T> handOver(CompletableFuture<T> future) {
                handedOver.incrementAndGet();
                return (CompletionStage<T>) copy; // what ManagedExecutorService.copy would return
            }
        };
        JobClient plain = JobClient.create(ClientOptions.builder()
                .servers(List.of(ServerAddress.parse("127.0.0.1:1"))).build());
        try (DefaultGearmanClient client = new DefaultGearmanClient(plain, new PayloadCodec(), name -> name,
                copying)) {
            assertThat(client.callAsync(JobRequest.of("x"), String.class)).isSameAs(copy);
            assertThat(handedOver).hasValue(1);
        }
    }

    @Test
    void withoutAManagedExecutorTheClientUsesItsOwnThreadsAndPlainStages() {
        assertThat(ClientCompletion.lookup()).isSameAs(ClientCompletion.PLAIN);
    }
}
