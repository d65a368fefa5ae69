package io.gearmancdi.chaos;

import io.gearmancdi.SubmitOptions;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.WorkerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, chaos: one of two gearmands lost under load, with foreground jobs from one client (max retries 3) and one
 * worker connected to both. Killed (SIGKILL): the client resubmits what the dead server held, so every job completes;
 * a job may run twice only if it was in flight when the server died. Frozen (SIGSTOP, the connection stays open and
 * silent): the client must notice and fail over the same way.
 */
class ServerLossChaosTest {
    private static final String FUNCTION = "chaos.server-loss";

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void oneOfTwoServersKilledUnderLoad() throws Exception {
        experiment("server-killed", false);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void oneOfTwoServersFrozenUnderLoad() throws Exception {
        experiment("server-frozen", true);
    }

    private static void experiment(String name, boolean freeze) throws Exception {
        int jobs = ChaosReport.jobs(400);
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        try (Gearmand victim = Gearmand.start(); Gearmand survivor = Gearmand.start()) {
            try (GearmanWorker worker = GearmanWorker.create(WorkerOptions.builder()
                    .servers(List.of(victim.address(), survivor.address())).connectionsPerServer(2)
                    .pollInterval(Duration.ofSeconds(1)).backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                    .shutdownTimeout(Duration.ofSeconds(2)).build());
                 JobClient client = JobClient.create(ClientOptions.builder()
                         .servers(List.of(victim.address(), survivor.address())).maxRetries(3)
                         .timeout(timeout(jobs)).backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                         .build())) {
                worker.register(FUNCTION, job -> {
                    Thread.sleep(2);
                    counts.merge(new String(job.payload(), StandardCharsets.UTF_8), 1, Integer::sum);
                    return job.payload();
                }).start();
                List<CompletableFuture<byte[]>> results = new ArrayList<>(jobs);
                for (int i = 0; i < jobs; i++) {
                    CompletableFuture<byte[]> result = client.submit(FUNCTION,
                            ("job-" + i).getBytes(StandardCharsets.UTF_8), SubmitOptions.DEFAULTS);
                    result.whenComplete((r, e) -> done.incrementAndGet());
                    results.add(result);
                }
                assertThat(ChaosSupport.await(120, () -> counts.size() >= jobs / 3))
                        .as("a third of the jobs ran before the loss").isTrue();
                long inFlight = jobs - done.get();
                if (freeze) {
                    signal("STOP", victim.pid());
                } else {
                    victim.kill();
                }
                try {
                    long failed = 0;
                    for (CompletableFuture<byte[]> result : results) {
                        try {
                            result.get(120 + jobs / 100, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            failed++;
                        }
                    }
                    long executed = counts.values().stream().mapToLong(Integer::longValue).sum();
                    long lost = Math.max(failed, ChaosSupport.lost(counts, jobs));
                    long duplicated = ChaosSupport.duplicated(counts);
                    ChaosReport.row(name, jobs, executed, lost, duplicated, inFlight);
                    assertThat(lost).as("jobs that failed or never ran after the loss of one server").isZero();
                    assertThat(duplicated).as("jobs run twice (at most those in flight at the loss)")
                            .isLessThanOrEqualTo(inFlight);
                } finally {
                    if (freeze) {
                        signal("CONT", victim.pid());
                    }
                }
            }
        }
    }

    /**
     * The client's job timeout: long enough for every job to run on the surviving server alone (2 ms each on two
     * connections, queued behind all the others), short enough to bound a run where the client does not fail over.
     */
    private static Duration timeout(int jobs) {
        return Duration.ofSeconds(15).plusMillis(2L * jobs);
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal + " " + pid).isZero();
    }
}
