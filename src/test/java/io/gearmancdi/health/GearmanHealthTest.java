package io.gearmancdi.health;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.metrics.GearmanMetrics;
import io.gearmancdi.testing.Cli;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.AttemptOutcome;
import io.gearmancdi.worker.WorkerConnection;
import io.gearmancdi.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 (health and metrics, the library side): the plain-Java checks and metrics over a real gearmand, a real
 * worker and the gearman CLI as the client.
 */
class GearmanHealthTest {
    private Gearmand gearmand;
    private GearmanWorker worker;
    private final GearmanMetrics metrics = new GearmanMetrics();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() {
        gearmand = Gearmand.start();
        worker = GearmanWorker.create(WorkerOptions.builder().servers(List.of(gearmand.address()))
                .pollInterval(Duration.ofMillis(200)).listener(metrics).build());
        worker.register("ok", job -> job.payload());
        worker.register("boom", job -> {
            throw new IllegalArgumentException("boom");
        });
        worker.register("late", Duration.ofMillis(100), job -> {
            Thread.sleep(5_000); // interrupted by the time limit
            return new byte[0];
        });
        worker.register("stuck", Duration.ofMillis(100), job -> {
            // ignores the interrupt of its time limit: the connection is wedged until the test lets it go
            while (true) {
                try {
                    if (release.await(10, TimeUnit.SECONDS)) {
                        return new byte[0];
                    }
                } catch (InterruptedException e) {
                    // swallowed, as a badly written job would
                }
            }
        });
        worker.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        worker.shutdown(Duration.ofSeconds(2));
        gearmand.close();
    }

    private GearmanHealth health(List<ServerAddress> servers, Map<String, String> jobs) {
        return GearmanHealth.builder()
                .sampler(new ServerSampler(servers, Duration.ZERO, Duration.ofSeconds(2)))
                .workersExpected(() -> true)
                .worker(() -> worker)
                .jobs(() -> jobs)
                .healthy(worker::isHealthy)
                .build();
    }

    @Test
    @DisplayName("issue 14 metrics: gearman_jobs_total and the duration histogram move per outcome, by logical name")
    void jobCountersMoveByOutcomeIssue14() throws Exception {
        metrics.logicalNames(f -> f.equals("ok") ? "com.acme.ok" : null);
        assertThat(Cli.run(gearmand.address(), "-f", "ok", "hello").out()).isEqualTo("hello");
        assertThat(Cli.run(gearmand.address(), "-f", "ok", "again").out()).isEqualTo("again");
        Cli.run(gearmand.address(), "-f", "boom", "x");
        Cli.run(gearmand.address(), "-f", "late", "x");
        await(() -> metrics.jobs("late", AttemptOutcome.TIMED_OUT) == 1, "the timed-out job to be counted");

        assertThat(metrics.jobs("ok", AttemptOutcome.COMPLETED)).isEqualTo(2);
        assertThat(metrics.jobs("boom", AttemptOutcome.FAILED)).isEqualTo(1);
        // the outcome is counted before the connection leaves the job: wait for it to be idle again
        await(() -> worker.connections().get(0).state() == WorkerConnection.State.IDLE, "the connection to be idle");
        String text = metrics.scrape(worker.connections(), Map.of());
        assertThat(text).contains("gearman_jobs_total{job=\"com.acme.ok\",outcome=\"completed\"} 2\n",
                "gearman_jobs_total{job=\"boom\",outcome=\"failed\"} 1\n",
                "gearman_jobs_total{job=\"late\",outcome=\"timed_out\"} 1\n",
                "gearman_job_duration_seconds_count{job=\"com.acme.ok\"} 2\n",
                "gearman_job_duration_seconds_bucket{job=\"com.acme.ok\",le=\"+Inf\"} 2\n",
                "gearman_worker_connections{server=\"" + gearmand.address() + "\",state=\"idle\"} 1\n",
                "# TYPE gearman_job_duration_seconds histogram\n");
    }

    @Test
    @DisplayName("issue 14 liveness: a job past its time limit that ignores the interrupt wedges its connection: DOWN")
    void jobPastItsTimeLimitIsWedgedIssue14() throws Exception {
        GearmanHealth health = health(List.of(gearmand.address()), Map.of());
        await(() -> health.liveness().up() && health.startup().up(), "UP before the job");
        Cli.run(gearmand.address(), "-b", "-f", "stuck", "x");
        await(() -> !health.liveness().up(), "liveness DOWN for the wedged connection");
        String reason = health.liveness().describeDown();
        assertThat(reason).contains("gearman-workers", "wedged worker connection", "running a job of function 'stuck'",
                "gearman-worker-" + gearmand.address());
        assertThat(health.liveness().toJson()).startsWith("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"gearman-workers\"");
        release.countDown();
        await(() -> health.liveness().up(), "liveness UP once the function returned");
    }

    @Test
    @DisplayName("issue 14 liveness: a worker loop that its executor never runs (starved pool) is wedged")
    void loopNeverRunByItsExecutorIsWedgedIssue14() throws Exception {
        GearmanWorker starved = GearmanWorker.create(WorkerOptions.builder().servers(List.of(gearmand.address()))
                .connectTimeout(Duration.ofMillis(100)).executor(task -> { }).build()); // accepts, never runs
        starved.register("ok", job -> job.payload());
        starved.start();
        try {
            await(() -> starved.connections().get(0).wedged().isPresent(), "the starved loop to count as wedged");
            assertThat(starved.connections().get(0).wedged().orElseThrow())
                    .contains("waiting for a thread to run on");
        } finally {
            starved.shutdown(Duration.ZERO);
        }
    }

    @Test
    @DisplayName("issue 14 readiness: an unreachable server and a job without a worker are DOWN, named")
    void readinessNamesTheServerAndTheJobIssue14() throws Exception {
        ServerAddress dead = new ServerAddress("127.0.0.1", Gearmand.freePort());
        await(() -> health(List.of(gearmand.address()), Map.of("com.acme.ok", "ok")).readiness().up(),
                "ready with every job registered");
        HealthReport report = health(List.of(gearmand.address(), dead),
                Map.of("com.acme.ok", "ok", "com.acme.gone", "gone")).readiness();
        assertThat(report.up()).isFalse();
        assertThat(report.checks()).extracting(HealthReport.Check::name).containsExactly(
                "gearman-server " + gearmand.address(), "gearman-server " + dead, "gearman-workers-started");
        assertThat(report.describeDown()).contains("no worker registered on job server " + gearmand.address()
                        + " for job 'com.acme.gone' (function 'gone')", "job server " + dead + " unreachable")
                .doesNotContain("com.acme.ok");
        assertThat(report.toJson()).contains("\"status\":\"DOWN\"");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for " + what);
            }
            Thread.sleep(50);
        }
    }

}
