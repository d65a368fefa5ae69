package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobOutcome;
import io.gearmancdi.JobOutcome.State;
import io.gearmancdi.JobRequest;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.cdi.store.StoreJobs;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.CdiAppExtension;
import io.gearmancdi.testing.DatabaseExtension;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.GearmandExtension;
import io.gearmancdi.testing.GearmanCli;
import io.gearmancdi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15 end to end: a Weld SE application with the job record store on (H2 in memory) and a real gearmand; its
 * client submits background jobs and reads their outcomes, its worker runs them.
 */
@ExtendWith(GearmandExtension.class)
class StoreEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final DatabaseExtension DB = DatabaseExtension.h2("store-e2e");
    /** The gearmand first, then the database: JUnit closes them after the app, in reverse order. */
    @RegisterExtension
    static final CdiAppExtension APP = CdiAppExtension.starting(context -> {
        Gearmand gearmand = GearmandExtension.gearmand(context);
        return settings(gearmand, DB.database(context), "gearman_job");
    }, StoreJobs.class);

    private final Gearmand gearmand;
    private final TestDatabase db;
    private final CdiApp app;
    private final GearmanClient client;

    StoreEndToEndTest(Gearmand gearmand, TestDatabase db, CdiApp app) {
        this.gearmand = gearmand;
        this.db = db;
        this.app = app;
        this.client = app.get(GearmanClient.class);
    }

    static Map<String, String> settings(Gearmand gearmand, TestDatabase database, String table) {
        Map<String, String> s = new HashMap<>(Map.of("gearman.servers", gearmand.address().toString(),
                "gearman.job-name.prefix", "none", "gearman.worker.poll-interval", "200ms",
                "gearman.worker.shutdown-timeout", "2s", "gearman.worker.count", "2",
                "gearman.store.enabled", "true", "gearman.store.jdbc-url", database.url(),
                "gearman.store.jdbc-user", database.user(), "gearman.store.table", table));
        s.put("gearman.store.jdbc-password", database.password());
        return s;
    }

    /** No gated job may still wait when JUnit shuts the app down after the class, whatever a test left. */
    @AfterEach
    void openGates() {
        app.get(StoreJobs.class).openGates();
    }

    /** Polls the outcome until it matches (bounded); returns every state seen on the way. */
    List<State> awaitOutcome(JobHandle handle, Predicate<JobOutcome> done) throws InterruptedException {
        List<State> seen = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JobOutcome o = client.outcome(handle);
            if (seen.isEmpty() || seen.get(seen.size() - 1) != o.state()) {
                seen.add(o.state());
            }
            if (done.test(o)) {
                return seen;
            }
            Thread.sleep(10); // polling the store is what a user of outcome() does
        }
        throw new AssertionError("outcome of " + handle + " never matched; states seen " + seen);
    }

    @Test
    @DisplayName("issue 15: a background job that succeeds has outcome SUCCEEDED with its typed result")
    void succeededWithTypedResult() {
        JobHandle handle = client.submitBackground("report", "quarterly");
        JobOutcome outcome = client.awaitOutcome(handle, WAIT);
        assertThat(outcome.state()).isEqualTo(State.SUCCEEDED);
        assertThat(outcome.result(StoreJobs.Report.class)).isEqualTo(new StoreJobs.Report("quarterly", 9));
        assertThat(outcome.result(new io.gearmancdi.ResultType<Map<String, Object>>() { }))
                .containsEntry("name", "quarterly");
        assertThat(outcome.jobName()).isEqualTo("report");
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.unique()).isEqualTo(handle.unique());
        assertThat(outcome.worker()).get().asString().contains("/" + ProcessHandle.current().pid());
        assertThat(outcome.submittedAt()).isPresent();
        assertThat(outcome.startedAt()).isPresent();
        assertThat(outcome.finishedAt()).isPresent();
        assertThat(outcome.progress()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("issue 15: a background job that fails has outcome FAILED with its error")
    void failedWithError() {
        JobHandle handle = client.submitBackground("fails", "no such customer");
        JobOutcome outcome = client.awaitOutcome(handle, WAIT);
        assertThat(outcome.state()).isEqualTo(State.FAILED);
        assertThat(outcome.errorType()).contains(IllegalArgumentException.class.getName());
        assertThat(outcome.errorMessage()).contains("bad input: no such customer");
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThatThrownBy(() -> outcome.result(String.class)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("issue 15: a retried background job is RETRYING, then SUCCEEDED, one record for both attempts")
    void retriedThenSucceeded() throws Exception {
        JobHandle handle = client.submitBackground("flaky", "k1");
        List<State> seen = awaitOutcome(handle, o -> o.state().isFinal());
        assertThat(seen).contains(State.RETRYING).endsWith(State.SUCCEEDED);
        JobOutcome outcome = client.outcome(handle);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.result(String.class)).isEqualTo("k1 on attempt 2");
        assertThat(outcome.errorType()).as("the failed attempt's error is kept")
                .contains(IllegalStateException.class.getName());
        // the retry (unique <unique>#2) has no record of its own
        assertThat(client.outcome(handle.unique() + "#2").state()).isEqualTo(State.UNKNOWN);
    }

    @Test
    @DisplayName("issue 15: progress of a running background job is visible")
    void progressVisible() throws Exception {
        JobHandle handle = client.submitBackground("gated", "p1");
        awaitOutcome(handle, o -> o.state() == State.RUNNING && o.progress() == 0.5);
        app.get(StoreJobs.class).gate("p1").countDown();
        assertThat(client.awaitOutcome(handle, WAIT).state()).isEqualTo(State.SUCCEEDED);
    }

    @Test
    @DisplayName("issue 15: a cancelled queued job has outcome CANCELLED")
    void cancelled() throws Exception {
        // two worker connections: occupy both, so that the third job stays queued
        JobHandle first = client.submitBackground("gated", "c1");
        JobHandle second = client.submitBackground("gated", "c2");
        awaitOutcome(first, o -> o.state() == State.RUNNING);
        awaitOutcome(second, o -> o.state() == State.RUNNING);
        JobHandle queued = client.submitBackground("report", "never");
        assertThat(client.cancel(queued)).isTrue();
        awaitOutcome(queued, o -> o.state() == State.CANCELLED);
        app.get(StoreJobs.class).gate("c1").countDown();
        app.get(StoreJobs.class).gate("c2").countDown();
        assertThat(client.awaitOutcome(first, WAIT).state()).isEqualTo(State.SUCCEEDED);
        assertThat(client.awaitOutcome(second, WAIT).state()).isEqualTo(State.SUCCEEDED);
        assertThat(client.outcome(queued).state()).isEqualTo(State.CANCELLED);
    }

    @Test
    @DisplayName("issue 15 Bad input: an unknown unique id or handle has outcome UNKNOWN")
    void unknown() {
        JobOutcome outcome = client.outcome("no-such-job");
        assertThat(outcome.state()).isEqualTo(State.UNKNOWN);
        assertThat(outcome.unique()).isEqualTo("no-such-job");
        assertThat(outcome.attempts()).isZero();
        assertThat(client.awaitOutcome(new JobHandle(gearmand.address(), "H:nowhere:1", "nope"),
                Duration.ofMillis(100)).state()).isEqualTo(State.UNKNOWN);
    }

    @Test
    @DisplayName("issue 15: a job sent by the gearman CLI gets its record from the worker")
    void cliJobGetsARecord() {
        GearmanCli.Result r = GearmanCli.run(gearmand.address(), 30, "-b", "-u", "cli-job-1", "-f", "report",
                "{\"args\":[\"from-cli\"]}");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JobOutcome outcome = client.awaitOutcome(new JobHandle(null, null, "cli-job-1"), WAIT);
        assertThat(outcome.state()).isEqualTo(State.SUCCEEDED);
        assertThat(outcome.result(StoreJobs.Report.class)).isEqualTo(new StoreJobs.Report("from-cli", 8));
        assertThat(outcome.jobName()).isEqualTo("report");
    }

    @Test
    @DisplayName("issue 15 Bad input: an oversized result is stored truncated; result() says so, the job succeeded")
    void oversizedResultIsTruncated() {
        JobHandle handle = client.submitBackground(JobRequest.of("big").arg(200_000));
        JobOutcome outcome = client.awaitOutcome(handle, WAIT);
        assertThat(outcome.state()).isEqualTo(State.SUCCEEDED);
        assertThatThrownBy(() -> outcome.result(String.class)).isInstanceOf(GearmanPayloadException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    @DisplayName("issue 15: a job submitted with submitBackgroundAsync is recorded too")
    void asyncSubmissionRecorded() throws Exception {
        JobHandle handle = client.submitBackgroundAsync(JobRequest.of("report").arg("async")).toCompletableFuture()
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        JobOutcome outcome = client.awaitOutcome(handle, WAIT);
        assertThat(outcome.state()).isEqualTo(State.SUCCEEDED);
        assertThat(outcome.submittedAt()).as("the client's QUEUED record").isPresent();
    }

    @Test
    @DisplayName("issue 15: a job submitted with the caller's unique id is found by it")
    void callersUnique() {
        JobHandle handle = client.submitBackground(JobRequest.of("report").arg("own")
                .options(SubmitOptions.builder().unique("my-own-unique").build()));
        assertThat(handle.unique()).isEqualTo("my-own-unique");
        assertThat(client.awaitOutcome(handle, WAIT).state()).isEqualTo(State.SUCCEEDED);
        assertThat(client.outcome("my-own-unique").state()).isEqualTo(State.SUCCEEDED);
    }

    @Test
    @DisplayName("issue 15 Bad input: a store table of an incompatible older version fails the deployment clearly")
    void incompatibleTableFailsTheDeployment() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE old_jobs (id INTEGER PRIMARY KEY, status VARCHAR(20))");
        }
        assertThatThrownBy(() -> CdiApp.start(settings(gearmand, db, "old_jobs"), StoreJobs.class).close())
                .hasStackTraceContaining("job record table old_jobs cannot be used");
    }

    @Test
    @DisplayName("issue 15: with the store off, outcomes are UNKNOWN")
    void storeOff() {
        Map<String, String> s = new HashMap<>(settings(gearmand, db, "gearman_job"));
        s.put("gearman.store.enabled", "false");
        s.put("gearman.worker.enabled", "false");
        try (CdiApp off = CdiApp.start(s, StoreJobs.class)) {
            GearmanClient offClient = off.get(GearmanClient.class);
            JobHandle handle = offClient.submitBackground("report", "unrecorded");
            assertThat(offClient.outcome(handle).state()).isEqualTo(State.UNKNOWN);
        }
    }

    @Test
    @DisplayName("issue 15: reconciliation marks a record whose job no server knows FAILED (lost), leaves held jobs")
    void reconciliationMarksLostRecords() throws Exception {
        try (var store = new io.gearmancdi.store.internal.JdbcJobStore(
                io.gearmancdi.store.internal.ConnectionSource.of(db.url(), db.user(), db.password()),
                io.gearmancdi.store.internal.JdbcJobStore.Options.defaults())) {
            // a worker that died after its job ended, before it wrote the outcome: gearmand no longer knows the handle
            java.time.Instant now = java.time.Instant.now();
            store.write(new io.gearmancdi.store.JobRecord("lost-1", gearmand.address().toString(), "H:nowhere:999",
                    "report", "report", State.RUNNING, 1, null, null, null, null, null, null, "gone/1", now, now, null,
                    null, now));
            assertThat(store.flush(WAIT)).isTrue();
            // a job gearmand still holds: queued for a function no worker serves
            JobHandle held = client.submitBackground("nobody-serves-this", "x");
            assertThat(app.get(GearmanExtension.class).store().flush(WAIT)).isTrue();

            int lost = StoreReconciler.reconcile(store, client, 1, Duration.ZERO);

            assertThat(lost).isPositive();
            assertThat(store.flush(WAIT)).isTrue();
            JobOutcome outcome = client.outcome("lost-1");
            assertThat(outcome.state()).isEqualTo(State.FAILED);
            assertThat(outcome.errorType()).contains(StoreReconciler.LOST);
            assertThat(outcome.errorMessage()).get().asString().contains("last state RUNNING");
            assertThat(client.outcome(held).state()).isEqualTo(State.QUEUED);
            // a real outcome that arrives late replaces the marker
            store.write(new io.gearmancdi.store.JobRecord("lost-1", null, null, null, null, State.SUCCEEDED, 1, null,
                    null, null, "1", null, null, null, null, null, java.time.Instant.now(), null,
                    java.time.Instant.now()));
            assertThat(store.flush(WAIT)).isTrue();
            assertThat(client.outcome("lost-1").state()).isEqualTo(State.SUCCEEDED);
            assertThat(client.outcome("lost-1").errorType()).isEmpty();
        }
    }
}
