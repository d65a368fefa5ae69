package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanJobException;
import io.gearmancdi.cdi.fixtures.DrainJobs;
import io.gearmancdi.cdi.fixtures.GearmanJobs;
import io.gearmancdi.cdi.fixtures.MathJobs;
import io.gearmancdi.cdi.fixtures.MathJobsLog;
import io.gearmancdi.cdi.fixtures.ServerEventLog;
import io.gearmancdi.health.HealthReport;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.Cli;
import io.gearmancdi.testing.Gearmand;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14 under Weld SE: the injected client and the managed workers feed one metrics registry, and the health checks
 * of {@link WorkerManager} follow the job server.
 */
class ObservabilityCdiTest {
    private static final String REVERSE = "io.gearmancdi.cdi.fixtures.reverse";

    @Test
    @DisplayName("issue 14 item 3: client and worker metrics move; item 1: readiness DOWN then UP with gearmand")
    void clientAndWorkerMetricsMoveAndHealthFollowsTheServerIssue14() throws Exception {
        try (Gearmand gearmand = Gearmand.start();
             CdiApp app = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                     "gearman.job-name.prefix", "obs", "gearman.worker.poll-interval", "200ms"),
                     GearmanJobs.class, MathJobs.class, MathJobsLog.class)) {
            GearmanClient client = app.get(GearmanClient.class);
            WorkerManager manager = app.get(WorkerManager.class);
            assertThat(manager.health().startup().up()).isTrue();
            await(() -> manager.health().readiness(), true);
            assertThat(manager.health().liveness().up()).isTrue();

            assertThat(client.call(REVERSE, String.class, "abc")).isEqualTo("cba");
            assertThat(client.call(REVERSE, String.class, "xy")).isEqualTo("yx");
            assertThatThrownBy(() -> client.call(REVERSE, String.class, 1, 2)).isInstanceOf(GearmanJobException.class);
            String text = manager.metrics().scrape(manager.connections(), Map.of());
            assertThat(text).contains(
                    "gearman_client_calls_total{job=\"" + REVERSE + "\",outcome=\"completed\"} 2\n",
                    "gearman_client_calls_total{job=\"" + REVERSE + "\",outcome=\"failed\"} 1\n",
                    "gearman_client_call_duration_seconds_count{job=\"" + REVERSE + "\"} 3\n",
                    "gearman_jobs_total{job=\"" + REVERSE + "\",outcome=\"completed\"} 2\n",
                    "gearman_jobs_total{job=\"" + REVERSE + "\",outcome=\"bad_payload\"} 1\n",
                    // the gauge's value races with the loop finishing its bookkeeping after the client has its result
                    "gearman_jobs_running{job=\"" + REVERSE + "\"} ");

            gearmand.kill();
            HealthReport down = await(() -> manager.health().readiness(), false);
            assertThat(down.describeDown()).contains("job server " + gearmand.address() + " unreachable");
            assertThat(manager.health().liveness().up()).isTrue();
            gearmand.restart();
            await(() -> manager.health().readiness(), true);
        }
    }

    @Test
    @DisplayName("issue 14 item 4: MicroProfile Health @Liveness/@Readiness/@Startup beans, readiness DOWN then UP")
    void microProfileHealthChecksFollowTheServerIssue14Item4() throws Exception {
        try (Gearmand gearmand = Gearmand.start();
             CdiApp app = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                     "gearman.job-name.prefix", "obsmp", "gearman.worker.poll-interval", "200ms"),
                     GearmanJobs.class)) {
            HealthCheck live = app.container().select(HealthCheck.class, Liveness.Literal.INSTANCE).get();
            HealthCheck ready = app.container().select(HealthCheck.class, Readiness.Literal.INSTANCE).get();
            HealthCheck started = app.container().select(HealthCheck.class, Startup.Literal.INSTANCE).get();
            assertThat(started.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(started.call().getName()).isEqualTo("gearman-workers-started");
            assertThat(live.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            HealthCheckResponse up = awaitResponse(ready, HealthCheckResponse.Status.UP);
            assertThat(up.getName()).isEqualTo("gearman-servers");
            assertThat(up.getData()).hasValueSatisfying(data -> assertThat(data)
                    .containsEntry("gearman-server " + gearmand.address(), "UP"));

            gearmand.kill();
            HealthCheckResponse down = awaitResponse(ready, HealthCheckResponse.Status.DOWN);
            assertThat(down.getData()).hasValueSatisfying(data -> assertThat(
                    (String) data.get("gearman-server " + gearmand.address()))
                    .contains("job server " + gearmand.address() + " unreachable"));
            assertThat(live.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            gearmand.restart();
            awaitResponse(ready, HealthCheckResponse.Status.UP);
        }
    }

    @Test
    @DisplayName("issue 14 item 5: GearmanServerEvent down then up, once per transition, asynchronously")
    void serverEventsOncePerTransitionIssue14Item5() throws Exception {
        try (Gearmand gearmand = Gearmand.start();
             CdiApp app = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                     "gearman.job-name.prefix", "obsev", "gearman.worker.count", "3"),
                     GearmanJobs.class, ServerEventLog.class)) {
            WorkerManager manager = app.get(WorkerManager.class);
            BlockingQueue<String> events = app.get(ServerEventLog.class).events();
            await(() -> manager.health().readiness(), true);
            assertThat(events).as("no transition yet").isEmpty();

            gearmand.kill();
            String down = events.poll(60, TimeUnit.SECONDS);
            assertThat(down).startsWith("down " + gearmand.address() + " cause=true")
                    .doesNotContain("thread=gearman-worker-"); // not on the connection loop's thread
            gearmand.restart();
            String up = events.poll(60, TimeUnit.SECONDS);
            assertThat(up).startsWith("up " + gearmand.address() + " cause=false");
            await(() -> manager.health().readiness(), true);
            // three connections lost and regained the server, with retries in between: still one event each way
            assertThat(events).isEmpty();
        }
    }

    @Test
    @DisplayName("issue 14 item 1: health checks answer while the workers drain a job at shutdown (no shared lock)")
    void healthAnswersDuringTheDrainIssue14Item1() throws Exception {
        try (Gearmand gearmand = Gearmand.start();
             CdiApp app = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                     "gearman.job-name.prefix", "none", "gearman.worker.shutdown-timeout", "60s"), DrainJobs.class)) {
            WorkerManager manager = app.get(WorkerManager.class);
            DrainJobs jobs = app.get(DrainJobs.class);
            CountDownLatch release = jobs.release(); // taken now: the workers stop while the job waits for it
            Process caller = Cli.start(gearmand.address(), "-f", "slow", "{}");
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                assertThat(jobs.started().await(30, TimeUnit.SECONDS)).isTrue();
                Future<Boolean> drain = threads.submit(manager::stop);
                // stop() holds the manager's monitor while it drains the job, which waits for the release below
                Future<HealthReport> live = threads.submit(() -> manager.health().liveness());
                HealthReport report = live.get(30, TimeUnit.SECONDS);
                assertThat(drain.isDone()).as("the drain still waits for the job").isFalse();
                assertThat(report.checks()).isNotEmpty();
                release.countDown();
                assertThat(drain.get(30, TimeUnit.SECONDS)).isTrue();
                assertThat(Cli.finish(caller).out()).isEqualTo("\"finished\"");
            } finally {
                release.countDown();
                threads.shutdownNow();
                caller.destroyForcibly();
            }
        }
    }

    private static HealthCheckResponse awaitResponse(HealthCheck check, HealthCheckResponse.Status status)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HealthCheckResponse last = check.call();
        while (last.getStatus() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 60 s for " + status + ": " + last.getData());
            }
            Thread.sleep(100);
            last = check.call();
        }
        return last;
    }

    private static HealthReport await(Supplier<HealthReport> check, boolean up) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HealthReport last = check.get();
        while (last.up() != up) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 60 s for " + (up ? "UP" : "DOWN") + ": " + last.toJson());
            }
            Thread.sleep(100);
            last = check.get();
        }
        return last;
    }

}
