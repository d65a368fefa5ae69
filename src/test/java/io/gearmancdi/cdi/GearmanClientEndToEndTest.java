package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanJobException;
import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.GearmanTimeoutException;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobRequest;
import io.gearmancdi.Priority;
import io.gearmancdi.ResultType;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.admin.AdminClient;
import io.gearmancdi.admin.WorkerInfo;
import io.gearmancdi.cdi.fixtures.GearmanJobs;
import io.gearmancdi.cdi.fixtures.MathJobs;
import io.gearmancdi.cdi.fixtures.MathJobsLog;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.GearmandExtension;
import io.gearmancdi.testing.RecordingListener;
import io.gearmancdi.testing.WithCdiApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The injectable {@link GearmanClient} against jobs served by the managed workers on a real gearmand. */
@ExtendWith(GearmandExtension.class)
@WithCdiApp(beans = {GearmanJobs.class, MathJobs.class, MathJobsLog.class},
        settings = {"gearman.job-name.prefix=cl", "gearman.worker.count=2", "gearman.client.timeout=30s"})
class GearmanClientEndToEndTest {
    private final Gearmand gearmand;
    private final CdiApp app;
    private final GearmanClient client;

    GearmanClientEndToEndTest(Gearmand gearmand, CdiApp app) {
        this.gearmand = gearmand;
        this.app = app;
        this.client = app.get(GearmanClient.class);
    }

    @Test
    void callsReturnTypedResults() {
        assertThat(client.call("io.gearmancdi.cdi.fixtures.reverse", String.class, "hello")).isEqualTo("olleh");
        assertThat(client.call("io.gearmancdi.cdi.fixtures.add", int.class, 2, 3)).isEqualTo(5);
        assertThat(client.call(JobRequest.of("io.gearmancdi.cdi.fixtures.add").arg(40).kwarg("b", 2), Integer.class))
                .isEqualTo(42);
        assertThat(client.call("io.gearmancdi.cdi.fixtures.MathJobs.nothing", Void.class)).isNull();
    }

    @Test
    void oneArgumentIsSentAsOneElementOfArgsWhateverItsValue() {
        String describe = "io.gearmancdi.cdi.fixtures.MathJobs.describe";
        assertThat(client.call(describe, String.class, (Object) null)).isEqualTo("null");
        assertThat(client.call(describe, String.class, 0)).isEqualTo("BigDecimal:0");
        assertThat(client.call(describe, String.class, "")).isEqualTo("String:");
        assertThat(client.call(describe, String.class, List.of(1, 2))).endsWith(":[1, 2]");
    }

    @Test
    void genericArgumentsAndResultsRoundTrip() {
        assertThat(client.call(JobRequest.of("io.gearmancdi.cdi.fixtures.MathJobs.histogram")
                        .arg(List.of("ab", "abc")), new ResultType<List<Map<String, Integer>>>() {
                }))
                .isEqualTo(List.of(Map.of("ab", 2), Map.of("abc", 3)));
        assertThat(client.call("io.gearmancdi.cdi.fixtures.MathJobs.total", BigDecimal.class,
                List.of(Map.of("amount", new BigDecimal("0.10")), Map.of("amount", new BigDecimal("0.20")))))
                .isEqualByComparingTo("0.30");
    }

    @Test
    void recordResultWithProgressDataAndWarningsThroughTheListener() {
        RecordingListener listener = new RecordingListener();
        GearmanJobs.Report report = client.call(JobRequest.of("fixtures-report").args("Q3", 2)
                .options(SubmitOptions.builder().listener(listener).build()), GearmanJobs.Report.class);
        assertThat(report).isEqualTo(new GearmanJobs.Report("Q3", 2, List.of("Q3 1", "Q3 2")));
        assertThat(listener.seen()).containsExactly("created", "status 1/2", "status 2/2", "data \"Q3 1\"", "warning almost done");
    }

    @Test
    void submitOptionsNeverCollideWithArgumentNames() {
        String result = client.call(JobRequest.of("io.gearmancdi.cdi.fixtures.MathJobs.options")
                .kwarg("unique", "u").kwarg("background", true).kwarg("priority", 1)
                .options(SubmitOptions.builder().unique("the-real-unique").priority(Priority.HIGH).build()),
                String.class);
        assertThat(result).isEqualTo("u/true/1");
    }

    @Test
    void exceptionOfTheJobReachesTheCallerWithRemoteTypeAndMessage() {
        assertThatThrownBy(() -> client.call("io.gearmancdi.cdi.fixtures.MathJobs.fail", Void.class, "boom"))
                .isInstanceOfSatisfying(GearmanJobException.class, e -> {
                    assertThat(e.remoteType()).isEqualTo(IllegalStateException.class.getName());
                    assertThat(e.remoteMessage()).isEqualTo("boom");
                });
    }

    @Test
    void wrongArgumentCountAndUnknownArgumentsFailTheJobWithAClearMessage() {
        assertThatThrownBy(() -> client.call("io.gearmancdi.cdi.fixtures.add", int.class, 1, 2, 3))
                .isInstanceOfSatisfying(GearmanJobException.class, e -> {
                    assertThat(e.remoteType()).isEqualTo(GearmanPayloadException.class.getName());
                    assertThat(e.remoteMessage()).contains("takes 2 arguments [a, b] but got 3");
                });
        assertThatThrownBy(() -> client.call(JobRequest.of("io.gearmancdi.cdi.fixtures.add").arg(1).kwarg("c", 2),
                int.class)).isInstanceOfSatisfying(GearmanJobException.class,
                e -> assertThat(e.remoteMessage()).contains("no parameter named 'c'"));
        // the workers keep running
        assertThat(client.call("io.gearmancdi.cdi.fixtures.add", int.class, 1, 2)).isEqualTo(3);
    }

    @Test
    void resultOfTheWrongTypeFailsClearly() {
        assertThatThrownBy(() -> client.call("io.gearmancdi.cdi.fixtures.reverse", int.class, "abc"))
                .hasMessageContaining("cannot read the result \"cba\" as int");
    }

    @Test
    void asyncCallsRunConcurrentlyAndCompleteWithTypedResults() throws Exception {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(client.callAsync(JobRequest.of("io.gearmancdi.cdi.fixtures.reverse").arg("n" + i),
                    String.class).toCompletableFuture());
        }
        for (int i = 0; i < 20; i++) {
            assertThat(futures.get(i).get(30, TimeUnit.SECONDS))
                    .isEqualTo(new StringBuilder("n" + i).reverse().toString());
        }
        CompletableFuture<List<Map<String, Integer>>> generic = client.callAsync(
                JobRequest.of("io.gearmancdi.cdi.fixtures.MathJobs.histogram").arg(List.of("x")),
                new ResultType<List<Map<String, Integer>>>() {
                }).toCompletableFuture();
        assertThat(generic.get(30, TimeUnit.SECONDS)).isEqualTo(List.of(Map.of("x", 1)));
    }

    @Test
    void backgroundJobRunsAndItsHandleCanBeAskedForStatus() throws Exception {
        JobHandle handle = client.submitBackground("io.gearmancdi.cdi.fixtures.MathJobs.remember", "note-1");
        assertThat(handle.handle()).startsWith("H:");
        assertThat(app.get(MathJobsLog.class).notes().poll(30, TimeUnit.SECONDS)).isEqualTo("note-1");
        assertThat(client.status(handle)).isNotNull();
    }

    /** Issue 12: under Weld SE there is no JTA registry, so nothing is deferred; cancel goes through the CDI client. */
    @Test
    void issue12OutsideAContainerBackgroundJobsAreSubmittedAtOnceAndQueuedOnesCanBeCancelled() throws Exception {
        JobHandle handle = client.submitBackgroundAsync(JobRequest.of("io.gearmancdi.cdi.fixtures.MathJobs.remember")
                .arg("note-async")).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(handle.isDeferred()).isFalse();
        assertThat(handle.handle()).startsWith("H:");
        String note;
        do {
            note = app.get(MathJobsLog.class).notes().poll(30, TimeUnit.SECONDS);
        } while (note != null && !note.equals("note-async"));
        assertThat(note).isEqualTo("note-async");

        JobHandle unserved = client.submitBackground("issue12.nobody-serves-this", "x");
        assertThat(client.cancel(unserved)).isTrue();
        assertThat(client.cancel(new JobHandle(unserved.server(), "H:nowhere:1", "u"))).isFalse();
    }

    @Test
    void unknownJobTimesOut() {
        assertThatThrownBy(() -> client.call(JobRequest.of("no-such-job")
                        .options(SubmitOptions.builder().timeout(Duration.ofMillis(500)).build()), String.class))
                .isInstanceOf(GearmanTimeoutException.class);
    }

    @Test
    void clientBeanIsClosedWithTheApplication() throws Exception {
        // the shared app's client is connected, and the counts come from one admin connection: only connections of
        // earlier tests (apps closed, admin tools exited) may still be going away, asynchronously on gearmand's I/O
        // threads, so the baseline is awaited rather than read once
        assertThat(client.call("io.gearmancdi.cdi.fixtures.reverse", String.class, "ab")).isEqualTo("ba");
        try (AdminClient admin = AdminClient.connect(gearmand.address(), Duration.ofSeconds(10))) {
            int baseline = 4; // the shared app's two worker connections and its client, and this admin connection
            awaitConnections(admin, baseline);
            try (CdiApp clientOnly = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                    "gearman.worker.enabled", "false", "gearman.job-name.prefix", "cl"), GearmanJobs.class)) {
                assertThat(clientOnly.get(GearmanClient.class).call("io.gearmancdi.cdi.fixtures.reverse",
                        String.class, "ab")).isEqualTo("ba");
                assertThat(admin.workers()).hasSize(baseline + 1);
            }
            awaitConnections(admin, baseline);
        }
    }

    /** Waits (bounded) until gearmand lists exactly {@code expected} connections. */
    private static void awaitConnections(AdminClient admin, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<WorkerInfo> connections = admin.workers();
        while (connections.size() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            connections = admin.workers();
        }
        assertThat(connections).hasSize(expected);
    }

    @Test
    void twoApplicationsWithDifferentPrefixesOnOneGearmandNeverTakeEachOthersJobs() {
        try (CdiApp a = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                "gearman.job-name.prefix", "pa"), GearmanJobs.class);
             CdiApp b = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                     "gearman.job-name.prefix", "pb"), GearmanJobs.class)) {
            GearmanClient clientA = a.get(GearmanClient.class);
            GearmanClient clientB = b.get(GearmanClient.class);
            for (int i = 0; i < 10; i++) {
                // the job reports the function it was grabbed under: only the own application's worker has it
                assertThat(clientA.call("who-am-i", String.class)).isEqualTo("pa.who-am-i|who-am-i");
                assertThat(clientB.call("who-am-i", String.class)).isEqualTo("pb.who-am-i|who-am-i");
            }
            assertThat(a.get(WorkerManager.class).functions()).allMatch(f -> f.startsWith("pa."));
            assertThat(b.get(WorkerManager.class).functions()).allMatch(f -> f.startsWith("pb."));
        }
    }
}
