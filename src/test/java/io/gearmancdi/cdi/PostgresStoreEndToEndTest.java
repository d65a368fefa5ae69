package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobOutcome;
import io.gearmancdi.JobOutcome.State;
import io.gearmancdi.cdi.store.StoreJobs;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.CdiAppExtension;
import io.gearmancdi.testing.DatabaseExtension;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.GearmandExtension;
import io.gearmancdi.testing.LogCapture;
import io.gearmancdi.testing.Postgres;
import io.gearmancdi.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15 end to end on PostgreSQL: the database goes down while jobs run. */
class PostgresStoreEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final DatabaseExtension DB = DatabaseExtension.postgres("e2e");
    /** The database first, then the gearmand: JUnit closes them after the app, in reverse order. */
    @RegisterExtension
    static final CdiAppExtension APP = CdiAppExtension.starting(context -> {
        TestDatabase db = DB.database(context);
        Gearmand gearmand = GearmandExtension.gearmand(context);
        return new HashMap<>(Map.of("gearman.servers", gearmand.address().toString(),
                "gearman.job-name.prefix", "none", "gearman.worker.shutdown-timeout", "2s",
                "gearman.store.enabled", "true", "gearman.store.jdbc-url", db.url(),
                "gearman.store.jdbc-user", db.user()));
    }, StoreJobs.class);

    private final Postgres db;
    private final CdiApp app;

    PostgresStoreEndToEndTest(Postgres db, CdiApp app) {
        this.db = db;
        this.app = app;
    }

    @Test
    @DisplayName("issue 15: database stopped mid-run — jobs still complete, their records are written once it is back")
    void databaseDownJobsStillRun() throws Exception {
        GearmanClient client = app.get(GearmanClient.class);
        assertThat(client.awaitOutcome(client.submitBackground("report", "warm-up"), WAIT).state())
                .isEqualTo(State.SUCCEEDED);
        StoreJobs jobs = app.get(StoreJobs.class);
        jobs.done().clear();
        List<JobHandle> handles = new ArrayList<>();
        try (LogCapture log = LogCapture.of("io.gearmancdi.store")) {
            db.stop();
            try {
                for (int i = 0; i < 20; i++) {
                    handles.add(client.submitBackground("report", "down-" + i));
                }
                // every job runs on the worker although its record cannot be written
                Set<String> done = new HashSet<>();
                while (done.size() < 20) {
                    String next = jobs.done().poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                    assertThat(next).as("a job ran while the database was down").isNotNull();
                    done.add(next);
                }
                assertThat(log.await(Level.WARNING, "GEARMAN-9002", WAIT.toMillis())).isTrue();
                // what this instance still queues is read back already
                assertThat(client.outcome(handles.get(0)).state()).isEqualTo(State.SUCCEEDED);
            } finally {
                db.start();
            }
            assertThat(log.await(Level.INFO, "GEARMAN-9003", WAIT.toMillis())).isTrue();
        }
        assertThat(app.get(GearmanExtension.class).store().flush(WAIT)).isTrue();
        // read from the database itself: a second store on the same table, with nothing queued
        try (var store = new io.gearmancdi.store.internal.JdbcJobStore(
                io.gearmancdi.store.internal.ConnectionSource.of(db.url(), db.user(), db.password()),
                io.gearmancdi.store.internal.JdbcJobStore.Options.defaults())) {
            for (JobHandle h : handles) {
                assertThat(store.find(h.unique())).as(h.toString()).get()
                        .satisfies(r -> assertThat(r.state()).isEqualTo(State.SUCCEEDED));
            }
        }
        JobOutcome one = client.outcome(handles.get(19));
        assertThat(one.result(StoreJobs.Report.class)).isEqualTo(new StoreJobs.Report("down-19", 7));
    }
}
