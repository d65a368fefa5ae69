package io.gearmancdi.cdi;

import io.gearmancdi.cdi.fixtures.AuditInterceptor;
import io.gearmancdi.cdi.fixtures.AuditLog;
import io.gearmancdi.cdi.fixtures.CustomWiring;
import io.gearmancdi.cdi.fixtures.DrainJobs;
import io.gearmancdi.cdi.fixtures.GearmanJobs;
import io.gearmancdi.cdi.fixtures.InstanceNumbers;
import io.gearmancdi.cdi.fixtures.MathJobs;
import io.gearmancdi.cdi.fixtures.MathJobsLog;
import io.gearmancdi.cdi.fixtures.RequestCounter;
import io.gearmancdi.cdi.fixtures.RequestJobs;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.Cli;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.GearmandExtension;
import io.gearmancdi.testing.LogCapture;
import io.gearmancdi.testing.WithCdiApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @GearmanJob} methods served by the managed workers on a real gearmand, called by the C {@code gearman} CLI
 * with the JSON envelope: the wire contract with other languages.
 */
@ExtendWith(GearmandExtension.class)
@WithCdiApp(beans = {GearmanJobs.class, MathJobs.class, MathJobsLog.class, RequestJobs.class, RequestCounter.class,
        InstanceNumbers.class, AuditInterceptor.class, AuditLog.class},
        settings = {"gearman.job-name.prefix=e2e", "gearman.worker.count=2", "gearman.worker.shutdown-timeout=5s"})
class WorkerEndToEndTest {
    private final Gearmand gearmand;
    private final CdiApp app;

    WorkerEndToEndTest(Gearmand gearmand, CdiApp app) {
        this.gearmand = gearmand;
        this.app = app;
    }

    private Cli.Result cli(String function, String payload) throws Exception {
        return Cli.run(gearmand.address(), "-f", function, payload);
    }

    @Test
    void workerRegistersEveryJobUnderItsMappedName() {
        assertThat(app.get(WorkerManager.class).functions()).contains("e2e.io.gearmancdi.cdi.fixtures.reverse",
                "e2e.fixtures-report", "e2e.io.gearmancdi.cdi.fixtures.MathJobs.total", "e2e.audited");
    }

    @Test
    void gearmanCliCallsAJavaJobWithTheJsonEnvelope() throws Exception {
        Cli.Result result = cli("e2e.io.gearmancdi.cdi.fixtures.reverse", "{\"args\":[\"hello\"]}");
        assertThat(result.out()).isEqualTo("\"olleh\"");
        assertThat(cli("e2e.io.gearmancdi.cdi.fixtures.add", "{\"kwargs\":{\"a\":40,\"b\":2}}").out()).isEqualTo("42");
        // the CLI prints WORK_DATA, the result and WORK_STATUS ("100% Complete") as they come
        assertThat(cli("e2e.fixtures-report", "{\"args\":[\"Q\",1]}").out())
                .contains("\"Q 1\"", "{\"pages\":1,\"sections\":[\"Q 1\"],\"title\":\"Q\"}", "100% Complete");
    }

    @Test
    void interceptorsAndTheRequestContextApplyToJobsRunByTheWorker() throws Exception {
        assertThat(cli("e2e.audited", "{\"args\":[\"x\"]}").out()).isEqualTo("\"audited:X\"");
        String first = cli("e2e.request-scope", "{}").out();
        String second = cli("e2e.request-scope", "{}").out();
        assertThat(first).endsWith(":2\"");
        assertThat(second).endsWith(":2\"").isNotEqualTo(first);
    }

    @Test
    void invalidJsonPayloadFailsTheJobAndTheWorkerKeepsRunning() throws Exception {
        // issue 11 item 2: the failure reaches the CLI (WORK_WARNING with the details, then WORK_FAIL) at once, long
        // before its own timeout (-t), which it used to hit with the WORK_EXCEPTION that gearmand mangles for it
        Cli.Result bad = Cli.run(gearmand.address(), "-t", "20000", "-f", "e2e.io.gearmancdi.cdi.fixtures.reverse",
                "hello");
        assertThat(bad.out()).isEmpty();
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("Job failed").doesNotContain("GEARMAN_TIMEOUT");
        Cli.Result wrongCount = Cli.run(gearmand.address(), "-t", "20000", "-f",
                "e2e.io.gearmancdi.cdi.fixtures.reverse", "{\"args\":[\"a\",\"b\"]}");
        assertThat(wrongCount.out()).isEmpty();
        assertThat(wrongCount.err()).contains("Job failed");
        assertThat(cli("e2e.io.gearmancdi.cdi.fixtures.reverse", "{\"args\":[\"ok\"]}").out()).isEqualTo("\"ko\"");
    }

    /**
     * Issue 11 item 8: bad payloads sent to a {@code @GearmanJob} were logged as WARNINGs with a full stack trace each
     * (285 lines in one short run). A caller's mistake is one line with the message, and the same mistake repeated is
     * logged once.
     */
    @Test
    void badPayloadsAreOneLogLineEachWithoutStackTraceAndRepeatsAreLoggedOnce() throws Exception {
        String function = "e2e.audited"; // no other test sends it a bad payload (the log's memory is per worker)
        try (LogCapture log = LogCapture.of("io.gearmancdi.worker")) {
            for (int i = 0; i < 4; i++) {
                assertThat(Cli.run(gearmand.address(), "-t", "20000", "-f", function, "not json").err())
                        .contains("Job failed");
            }
            assertThat(Cli.run(gearmand.address(), "-t", "20000", "-f", function, "{\"nope\":1}").err())
                    .contains("Job failed");
            // the outcome reaches the caller before the worker logs: wait for both distinct mistakes
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (log.containing("GEARMAN-3025").size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(cli(function, "{\"args\":[\"x\"]}").out()).isEqualTo("\"audited:X\""); // still serving

            List<LogRecord> rejected = log.containing("GEARMAN-3025");
            assertThat(rejected).as("one line per distinct mistake").hasSize(2)
                    .allSatisfy(r -> {
                        assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                        assertThat(r.getThrown()).as("no stack trace for a caller's mistake").isNull();
                        assertThat(r.getMessage()).contains(function).doesNotContain("\n");
                    });
            assertThat(log.containing("GEARMAN-3019")).as("not logged as the job's own failure").isEmpty();
        }
    }

    @Test
    void shutdownDrainsAJobInFlight() throws Exception {
        try (CdiApp drained = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                "gearman.job-name.prefix", "drain", "gearman.worker.shutdown-timeout", "30s"), DrainJobs.class)) {
            DrainJobs jobs = drained.get(DrainJobs.class);
            CountDownLatch release = jobs.release(); // taken now: the app shuts down while the job waits for it
            Process caller = Cli.start(gearmand.address(), "-f", "drain.slow", "{}");
            assertThat(jobs.started().await(30, TimeUnit.SECONDS)).isTrue();
            Thread closer = new Thread(drained::close, "closer");
            closer.start();
            // the job is still running while the application shuts down; let it finish now
            release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(40));
            assertThat(closer.isAlive()).isFalse();
            assertThat(Cli.finish(caller).out()).isEqualTo("\"finished\"");
        }
    }

    @Test
    void applicationsOwnNameMapperAndWorkerExecutorWinOverTheDefaults() throws Exception {
        try (CdiApp custom = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                "gearman.job-name.prefix", "ignored", "gearman.worker.count", "2"), GearmanJobs.class,
                CustomWiring.class)) {
            assertThat(custom.get(WorkerManager.class).functions()).isNotEmpty().allMatch(f -> f.startsWith("custom-"));
            // one loop per connection, on its executor
            assertThat(custom.get(CustomWiring.class).loops()).isEqualTo(2);
            assertThat(Cli.run(gearmand.address(), "-f", "custom-io.gearmancdi.cdi.fixtures.reverse",
                    "{\"args\":[\"abc\"]}").out()).isEqualTo("\"cba\"");
        }
    }

    @Test
    void workerJobsListLimitsTheJobsThisInstanceServes() {
        try (CdiApp some = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                "gearman.job-name.prefix", "some", "gearman.worker.jobs", "who-am-i, io.gearmancdi.cdi.fixtures.add"),
                GearmanJobs.class)) {
            assertThat(some.get(WorkerManager.class).functions())
                    .containsExactlyInAnyOrder("some.who-am-i", "some.io.gearmancdi.cdi.fixtures.add");
        }
    }

    @Test
    void embeddedServerStartsWithTheApplicationAndServesItsJobs() throws Exception {
        try (CdiApp embedded = CdiApp.start(Map.of("gearman.embedded-server.enabled", "true",
                "gearman.embedded-server.port", "0", "gearman.job-name.prefix", "none"), GearmanJobs.class)) {
            GearmanExtension extension = embedded.get(GearmanExtension.class);
            assertThat(extension.embeddedServer()).isNotNull();
            assertThat(extension.servers()).containsExactly(extension.embeddedServer().address());
            Cli.Result result = Cli.run(extension.embeddedServer().address(), "-f",
                    "io.gearmancdi.cdi.fixtures.reverse", "{\"args\":[\"abc\"]}");
            assertThat(result.out()).isEqualTo("\"cba\"");
        }
    }
}
