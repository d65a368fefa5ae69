package io.gearmancdi.store;

import io.gearmancdi.GearmanException;
import io.gearmancdi.JobOutcome.State;
import io.gearmancdi.store.internal.ConnectionSource;
import io.gearmancdi.store.internal.JdbcJobStore;
import io.gearmancdi.testing.LogCapture;
import io.gearmancdi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The job record store (issue 15, "Store") on a real database: each subclass names one (H2, PostgreSQL, MariaDB).
 * Every test has a table of its own.
 */
abstract class JobStoreContract {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestDatabase database;
    private final List<JdbcJobStore> stores = new ArrayList<>();
    private String table;

    /** @param database the subclass's database, one per class (its {@code DatabaseExtension} holds it) */
    JobStoreContract(TestDatabase database) {
        this.database = database;
    }

    /** @return the database of the subclass */
    final TestDatabase database() {
        return database;
    }

    /** @return whether the database can be stopped and started (not in-memory H2) */
    boolean canStop() {
        return true;
    }

    @AfterEach
    void closeStores() {
        stores.forEach(JdbcJobStore::close);
    }

    JdbcJobStore open(TestInfo info) {
        return open(info, JdbcJobStore.Options.defaults());
    }

    JdbcJobStore open(TestInfo info, JdbcJobStore.Options options) {
        table = "t_" + info.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
        table = table.substring(0, Math.min(40, table.length()));
        JdbcJobStore store = new JdbcJobStore(
                ConnectionSource.of(database().url(), database().user(), database().password()),
                options.withTable(table));
        stores.add(store);
        return store;
    }

    static JobRecord change(String unique, State state, Integer attempts) {
        return new JobRecord(unique, null, null, null, null, state, attempts, null, null, null, null, null, null,
                null, null, null, null, null, Instant.now());
    }

    static JobRecord queued(String unique, String server, String handle) {
        return new JobRecord(unique, server, handle, "com.acme.report", "1.com.acme.report", State.QUEUED, null, null,
                null, "{\"args\":[1]}", null, null, null, null, Instant.now(), null, null, null, Instant.now());
    }

    static JobRecord running(String unique, int attempt) {
        return new JobRecord(unique, null, "H:x:1", "com.acme.report", "1.com.acme.report", State.RUNNING, attempt,
                null, null, null, null, null, null, "host/42", null, Instant.now(), null, null, Instant.now());
    }

    static JobRecord succeeded(String unique, int attempt, String result) {
        return new JobRecord(unique, null, null, null, null, State.SUCCEEDED, attempt, null, null, null, result, null,
                null, null, null, null, Instant.now(), null, Instant.now());
    }

    static JobRecord retrying(String unique, int attempt, Instant next) {
        return new JobRecord(unique, null, null, null, null, State.RETRYING, attempt, null, null, null, null,
                "java.io.IOException", "boom", null, null, null, null, next, Instant.now());
    }

    private void flush(JdbcJobStore store) throws InterruptedException {
        assertThat(store.flush(WAIT)).as("queue written").isTrue();
    }

    @Test
    @DisplayName("issue 15 Store: a record is written and read back, states and fields merged")
    void writesAndReadsRecords(TestInfo info) throws Exception {
        JdbcJobStore store = open(info);
        store.write(queued("u1", "127.0.0.1:4730", "H:x:1"));
        store.write(running("u1", 1));
        store.write(new JobRecord("u1", null, null, null, null, State.RUNNING, null, 3L, 4L, null, null, null, null,
                null, null, null, null, null, Instant.now()));
        flush(store);
        JobRecord r = store.find("u1").orElseThrow();
        assertThat(r.state()).isEqualTo(State.RUNNING);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.progressNumerator()).isEqualTo(3L);
        assertThat(r.progressDenominator()).isEqualTo(4L);
        assertThat(r.server()).isEqualTo("127.0.0.1:4730");
        assertThat(r.payload()).isEqualTo("{\"args\":[1]}");
        assertThat(r.worker()).isEqualTo("host/42");
        store.write(succeeded("u1", 1, "{\"n\":1}"));
        flush(store);
        r = store.find("u1").orElseThrow();
        assertThat(r.state()).isEqualTo(State.SUCCEEDED);
        assertThat(r.result()).isEqualTo("{\"n\":1}");
        assertThat(r.finishedAt()).isNotNull();
        assertThat(store.findByHandle("127.0.0.1:4730", "H:x:1")).map(JobRecord::unique).contains("u1");
        assertThat(store.find("nope")).isEmpty();
        assertThat(store.find(new JobQuery(State.SUCCEEDED, "com.acme.report", 0, 10))).extracting(JobRecord::unique)
                .containsExactly("u1");
        assertThat(store.countByJobAndState()).containsEntry("com.acme.report",
                java.util.Map.of(State.SUCCEEDED, 1L));
    }

    @Test
    @DisplayName("issue 15 Store: out of order — the client's QUEUED after the worker's RUNNING does not move it back")
    void lateQueuedDoesNotMoveRunningBack(TestInfo info) throws Exception {
        JdbcJobStore store = open(info);
        store.write(running("u2", 1));
        flush(store);
        store.write(queued("u2", "127.0.0.1:4730", "H:x:2"));
        flush(store);
        JobRecord r = store.find("u2").orElseThrow();
        assertThat(r.state()).isEqualTo(State.RUNNING);
        assertThat(r.handle()).isEqualTo("H:x:2"); // the client's fields are kept
        assertThat(r.submittedAt()).isNotNull();
        // a late RUNNING of attempt 1 after its RETRYING stays RETRYING; attempt 2's RUNNING moves on
        store.write(retrying("u2", 1, Instant.now().plusSeconds(5)));
        store.write(running("u2", 1));
        flush(store);
        assertThat(store.find("u2").orElseThrow().state()).isEqualTo(State.RETRYING);
        assertThat(store.find("u2").orElseThrow().nextAttemptAt()).isNotNull();
        store.write(running("u2", 2));
        flush(store);
        r = store.find("u2").orElseThrow();
        assertThat(r.state()).isEqualTo(State.RUNNING);
        assertThat(r.attempts()).isEqualTo(2);
        // a final state stays
        store.write(succeeded("u2", 2, "1"));
        store.write(running("u2", 2));
        flush(store);
        assertThat(store.find("u2").orElseThrow().state()).isEqualTo(State.SUCCEEDED);
    }

    @Test
    @DisplayName("issue 15 Store: two writers (processes) on the same new records at once merge, none lost")
    void concurrentWritersMerge(TestInfo info) throws Exception {
        JdbcJobStore client = open(info);
        JdbcJobStore worker = open(info);
        int n = 300;
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < n; i++) {
                client.write(queued("c" + i, "127.0.0.1:4730", "H:x:" + i));
            }
        });
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < n; i++) {
                worker.write(running("c" + i, 1));
            }
        });
        a.get();
        b.get();
        flush(client);
        flush(worker);
        List<JobRecord> all = client.find(new JobQuery(null, null, 0, 2 * n));
        assertThat(all).hasSize(n);
        assertThat(all).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(State.RUNNING);
            assertThat(r.server()).isEqualTo("127.0.0.1:4730");
            assertThat(r.worker()).isEqualTo("host/42");
        });
    }

    @Test
    @DisplayName("issue 15 Bad input: a record too large is truncated with the marker, the write succeeds")
    void oversizedValuesAreTruncated(TestInfo info) throws Exception {
        JdbcJobStore store = open(info);
        String big = "x".repeat(JdbcJobStore.MAX_TEXT + 10);
        store.write(queued("u3", "s", "h"));
        store.write(new JobRecord("u3", null, null, "n".repeat(400), null, State.FAILED, 1, null, null, null, big,
                "T", "m".repeat(JdbcJobStore.MAX_MESSAGE * 2), null, null, null, Instant.now(), null, Instant.now()));
        flush(store);
        JobRecord r = store.find("u3").orElseThrow();
        assertThat(r.result()).hasSize(JdbcJobStore.MAX_TEXT).endsWith(JobRecord.TRUNCATED);
        assertThat(r.errorMessage()).hasSize(JdbcJobStore.MAX_MESSAGE).endsWith(JobRecord.TRUNCATED);
        assertThat(r.state()).isEqualTo(State.FAILED);
    }

    @Test
    @DisplayName("issue 15 Bad input: an incompatible older table is a clear error at start")
    void incompatibleTableIsAClearError(TestInfo info) throws Exception {
        String name = "t_incompatible";
        try (Connection c = database().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (id INTEGER PRIMARY KEY, state VARCHAR(10))");
        }
        assertThatThrownBy(() -> new JdbcJobStore(
                ConnectionSource.of(database().url(), database().user(), database().password()),
                JdbcJobStore.Options.defaults().withTable(name)))
                .isInstanceOf(GearmanException.class)
                .hasMessageContaining("job record table " + name + " cannot be used")
                .hasMessageContaining("no schema version");
    }

    @Test
    @DisplayName("issue 15 Store: retention purge deletes final records older than the bound only")
    void purgeDeletesOldFinalRecords(TestInfo info) throws Exception {
        // a long retention, so that the writer's own purge leaves the 8-day-old record to the explicit one
        JdbcJobStore store = open(info, JdbcJobStore.Options.defaults().withRetention(Duration.ofDays(30)));
        Instant old = Instant.now().minus(Duration.ofDays(8));
        store.write(new JobRecord("old", null, null, "j", null, State.SUCCEEDED, 1, null, null, null, "1", null, null,
                null, old, old, old, null, old));
        store.write(succeeded("new", 1, "2"));
        store.write(running("running", 1));
        flush(store);
        assertThat(store.purge(Instant.now().minus(Duration.ofDays(7)))).isEqualTo(1);
        assertThat(store.find("old")).isEmpty();
        assertThat(store.find("new")).isPresent();
        assertThat(store.find("running")).isPresent();
    }

    @Test
    @DisplayName("issue 15 Store: database down — writes never block, stay queued, and are written once it is back")
    void databaseDownThenBack(TestInfo info) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(canStop(), "this database cannot be stopped");
        JdbcJobStore store = open(info);
        store.write(queued("before", "s", "h"));
        flush(store);
        try (LogCapture log = LogCapture.of("io.gearmancdi.store")) {
            database().stop();
            try {
                for (int i = 0; i < 50; i++) {
                    store.write(succeeded("down" + i, 1, Integer.toString(i)));
                }
                assertThat(store.find("down7")).map(JobRecord::result).contains("7"); // queued changes are read
                assertThat(log.await(Level.WARNING, "GEARMAN-9002", WAIT.toMillis())).isTrue();
            } finally {
                database().start();
            }
            flush(store);
            assertThat(log.await(Level.INFO, "GEARMAN-9003", WAIT.toMillis())).isTrue();
            assertThat(log.containing("GEARMAN-9002")).hasSize(1);
        }
        for (int i = 0; i < 50; i++) {
            assertThat(store.find("down" + i)).map(JobRecord::state).contains(State.SUCCEEDED);
        }
    }

    @Test
    @DisplayName("issue 15 Store: a full queue drops the oldest non-final changes with a warning, never blocks")
    void fullQueueDropsOldestNonFinal(TestInfo info) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(canStop(), "this database cannot be stopped");
        JdbcJobStore store = open(info, JdbcJobStore.Options.defaults().withCapacity(10).withBatchSize(5));
        flush(store);
        try (LogCapture log = LogCapture.of("io.gearmancdi.store")) {
            database().stop();
            try {
                for (int i = 0; i < 10; i++) {
                    store.write(running("r" + i, 1));
                }
                store.write(succeeded("final", 1, "1"));
                for (int i = 0; i < 10; i++) {
                    store.write(running("s" + i, 1));
                }
                // the bound holds: the capacity, plus the one batch the writer may have taken
                assertThat(store.queued()).isLessThanOrEqualTo(10 + 5);
            } finally {
                database().start();
            }
            flush(store);
            assertThat(log.await(Level.WARNING, "GEARMAN-9004", WAIT.toMillis())).isTrue();
        }
        assertThat(store.find("final")).map(JobRecord::state).contains(State.SUCCEEDED);
        assertThat(store.find("s9")).isPresent();
        long kept = java.util.stream.IntStream.range(0, 10).filter(i -> store.find("r" + i).isPresent()).count();
        assertThat(kept).as("oldest non-final changes dropped").isLessThan(10);
    }

    @Test
    @DisplayName("issue 15 Bad input: text that means something to SQL, arrays or JSON is stored and read back as it was")
    void hostileTextRoundTrips(TestInfo info) throws Exception {
        JdbcJobStore writer = open(info);
        JdbcJobStore reader = open(info); // reads the table only: nothing of the writer's queue
        String[] texts = {"a\"b", "back\\slash", "{braces},comma", "NULL", "null", "", "'quote'; DROP TABLE x; --",
            "line\nbreak\ttab", "\u00e9\u00e8 \u65e5\u672c \ud83d\ude00", "(x,\"y\")", "  spaced  "};
        for (int i = 0; i < texts.length; i++) {
            String t = texts[i];
            writer.write(new JobRecord("h" + i + t, "srv" + t, "H:" + t, "job" + t, "fn" + t, State.QUEUED, null, null,
                    null, t, null, null, null, null, Instant.now(), null, null, null, Instant.now()));
        }
        flush(writer);
        for (int i = 0; i < texts.length; i++) {
            String t = texts[i];
            // the second write updates the row: both statements carry the text
            writer.write(new JobRecord("h" + i + t, null, null, null, null, State.FAILED, 1, null, null, null, t,
                    "type" + t, t, "w" + t, null, Instant.now(), Instant.now(), null, Instant.now()));
        }
        flush(writer);
        for (int i = 0; i < texts.length; i++) {
            String t = texts[i];
            JobRecord r = reader.find("h" + i + t).orElseThrow(() -> new AssertionError("no record for " + t));
            assertThat(List.of(r.server(), r.handle(), r.jobName(), r.functionName(), r.payload(), r.result(),
                    r.errorType(), r.errorMessage(), r.worker()))
                    .as("text %s", t)
                    .containsExactly("srv" + t, "H:" + t, "job" + t, "fn" + t, t, t, "type" + t, t, "w" + t);
            assertThat(r.state()).isEqualTo(State.FAILED);
        }
    }

    @Test
    @DisplayName("issue 15 Store: the writer lingers for fuller batches, but a flush does not wait for the linger")
    void lingerGroupsChangesButFlushDoesNotWait(TestInfo info) throws Exception {
        JdbcJobStore lingering = open(info, JdbcJobStore.Options.defaults().withLinger(Duration.ofMinutes(5)));
        JdbcJobStore reader = open(info);
        lingering.write(queued("l1", "s", "h"));
        Thread.sleep(300);
        assertThat(reader.find("l1")).as("still lingering in the writer's queue").isEmpty();
        long start = System.nanoTime();
        flush(lingering);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(reader.find("l1")).map(JobRecord::state).contains(State.QUEUED);
        // with the default linger, records reach the table without anybody flushing
        JdbcJobStore plain = open(info);
        plain.write(succeeded("l2", 1, "2"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (reader.find("l2").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(reader.find("l2")).map(JobRecord::state).contains(State.SUCCEEDED);
    }

    @Test
    @DisplayName("issue 15 Store: a batch mixing new records, existing ones and several changes to one is merged")
    void mixedBatchMerges(TestInfo info) throws Exception {
        JdbcJobStore client = open(info);
        JdbcJobStore worker = open(info, JdbcJobStore.Options.defaults().withLinger(Duration.ofSeconds(2)));
        for (int i = 0; i < 50; i++) {
            client.write(queued("m" + i, "127.0.0.1:4730", "H:x:" + i));
        }
        flush(client);
        // one batch of the worker: 50 existing rows (two changes each) and 50 new ones
        for (int i = 0; i < 100; i++) {
            worker.write(running("m" + i, 1));
            worker.write(succeeded("m" + i, 1, Integer.toString(i)));
        }
        flush(worker);
        List<JobRecord> all = client.find(new JobQuery(null, null, 0, 1000));
        assertThat(all).hasSize(100).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(State.SUCCEEDED);
            assertThat(r.result()).isEqualTo(r.unique().substring(1));
            assertThat(r.worker()).isEqualTo("host/42");
        });
        assertThat(all).filteredOn(r -> Integer.parseInt(r.unique().substring(1)) < 50)
                .allSatisfy(r -> assertThat(r.server()).isEqualTo("127.0.0.1:4730"));
    }
}
