package io.gearmancdi.store.internal;

import io.gearmancdi.GearmanException;
import io.gearmancdi.JobOutcome.State;
import io.gearmancdi.store.JobQuery;
import io.gearmancdi.store.JobRecord;
import io.gearmancdi.store.JobStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The {@link JobStore} on JDBC: one table (default {@value #DEFAULT_TABLE}) in PostgreSQL, MariaDB/MySQL or H2, and a
 * one-row table {@code <table>_schema} holding its schema version ({@value #SCHEMA_VERSION}).
 *
 * <p><b>Writes.</b> {@link #write(JobRecord)} only queues the change (bounded: {@link Options#capacity()}); one daemon
 * thread waits up to {@link Options#linger()} for a batch to fill, takes up to {@link Options#batchSize()} changes at
 * a time (so at most capacity plus one batch are held) and
 * writes them in one transaction: it locks the batch's existing rows ({@code SELECT ... FOR UPDATE}, in key order),
 * inserts the new records whole unless another writer's row came first ({@code ON CONFLICT DO NOTHING} /
 * {@code INSERT IGNORE} / {@code MERGE ... WHEN NOT MATCHED}; those are then locked too), merges each change into its
 * row by {@link RecordMerge}'s rule and updates the rows. So records written from several processes at once merge
 * correctly. On PostgreSQL each of these steps is one statement for the whole batch (arrays, see
 * {@link PostgresRowStatements}); elsewhere a JDBC batch of one statement per row ({@link BatchRowStatements}).
 *
 * <p><b>Database down.</b> A batch that fails stays queued and is retried with back-off (0.5 s doubling to 30 s); the
 * outage is logged once (GEARMAN-9002) and its end once (GEARMAN-9003). When the queue is full, the oldest changes to a
 * non-final state are dropped first (GEARMAN-9004 counts them); {@code write} never blocks.
 *
 * <p><b>Sizes.</b> Payloads and results longer than {@value #MAX_TEXT} characters, messages longer than
 * {@value #MAX_MESSAGE}, and names longer than their columns are cut and end with {@link JobRecord#TRUNCATED}.
 *
 * <p><b>Retention.</b> The writer thread deletes records that reached a final state more than
 * {@link Options#retention()} ago, at start and then every tenth of the retention (at most hourly).
 *
 * <p>Thread-safe.
 */
public final class JdbcJobStore implements JobStore {
    /** The default table name. */
    public static final String DEFAULT_TABLE = "gearman_job";
    /** The version of the table's layout this class reads and writes. */
    public static final int SCHEMA_VERSION = 1;
    /** Longest payload and result kept, in characters. */
    public static final int MAX_TEXT = 65_536;
    /** Longest error message kept, in characters. */
    public static final int MAX_MESSAGE = 8_192;

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,54}");
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ConnectionSource connections;
    private final Options options;
    private final String table;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<JobRecord> queue = new ArrayDeque<>();
    private final Thread writer;
    private volatile List<JobRecord> inFlight = List.of();
    private volatile Dialect dialect;
    private boolean closing;
    private long dropped;
    private boolean idle = true;
    private boolean lingering;
    private int flushers; // threads in flush(): the writer does not linger while one waits
    private long outageSince = -1; // nanoTime of the outage's start, -1 while the database is fine (writer thread)
    private int attemptsOnClose;

    /**
     * The settings of a store.
     *
     * @param table     the table name (letters, digits, underscores; at most 55 characters)
     * @param retention how long final records are kept
     * @param payloads  whether request payloads are stored
     * @param capacity  how many changes the queue holds before it drops the oldest
     * @param batchSize how many changes one transaction writes at most
     * @param linger    how long the writer waits for more changes before it writes a batch that is not full (unless
     *                  someone flushes): fewer, larger transactions under load, at the price of records reaching
     *                  the table that much later
     */
    public record Options(String table, Duration retention, boolean payloads, int capacity, int batchSize,
                          Duration linger) {
        /**
         * The defaults: {@value #DEFAULT_TABLE}, 7 days, payloads stored, 100,000 changes, batches of 1,000, 100 ms
         * linger.
         */
        public static Options defaults() {
            return new Options(DEFAULT_TABLE, Duration.ofDays(7), true, 100_000, 1000, Duration.ofMillis(100));
        }

        /** Checks the values. */
        public Options {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(retention, "retention");
            Objects.requireNonNull(linger, "linger");
            if (linger.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative: " + linger);
            }
            if (!TABLE_NAME.matcher(table).matches()) {
                throw new IllegalArgumentException("table name '" + table + "' is not a plain SQL name (letters, "
                        + "digits and underscores, starting with a letter or underscore, at most 55 characters)");
            }
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("retention must be longer than zero: " + retention);
            }
            if (capacity < 1 || batchSize < 1) {
                throw new IllegalArgumentException("capacity and batch size must be positive");
            }
        }

        /** @return these options with another table name */
        public Options withTable(String otherTable) {
            return new Options(otherTable, retention, payloads, capacity, batchSize, linger);
        }

        /** @return these options with another retention */
        public Options withRetention(Duration otherRetention) {
            return new Options(table, otherRetention, payloads, capacity, batchSize, linger);
        }

        /** @return these options with payloads stored or not */
        public Options withPayloads(boolean storePayloads) {
            return new Options(table, retention, storePayloads, capacity, batchSize, linger);
        }

        /** @return these options with another batch size */
        public Options withBatchSize(int otherBatchSize) {
            return new Options(table, retention, payloads, capacity, otherBatchSize, linger);
        }

        /** @return these options with another linger */
        public Options withLinger(Duration otherLinger) {
            return new Options(table, retention, payloads, capacity, batchSize, otherLinger);
        }

        /** @return these options with another queue capacity */
        public Options withCapacity(int otherCapacity) {
            return new Options(table, retention, payloads, otherCapacity, batchSize, linger);
        }
    }

    /**
     * Opens the store: checks the table, or creates it when absent, and starts the writer thread. When the database
     * cannot be reached now, the check is done by the writer thread once it can (and records wait in the queue).
     *
     * @param connections where connections come from; closed by {@link #close()}
     * @param options     the settings
     * @throws GearmanException if the table exists but is not one this version of the store can use
     */
    public JdbcJobStore(ConnectionSource connections, Options options) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.options = Objects.requireNonNull(options, "options");
        this.table = options.table();
        try {
            prepare();
        } catch (SQLException e) {
            StoreMessages.outage(table, 0, e);
            outageSince = System.nanoTime();
        }
        writer = new Thread(this::writeLoop, "gearman-store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void write(JobRecord change) {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(change.unique(), "unique");
        Objects.requireNonNull(change.state(), "state");
        JobRecord fitted = fit(change);
        lock.lock();
        try {
            if (closing) {
                return;
            }
            if (queue.size() + inFlight.size() >= options.capacity() && !queue.isEmpty()) {
                dropOldest();
            }
            queue.addLast(fitted);
            if (idle || lingering && queue.size() >= options.batchSize()) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops the oldest change to a non-final state, or the oldest change when all are final (under the lock). */
    private void dropOldest() {
        Iterator<JobRecord> it = queue.iterator();
        int scanned = 0;
        while (it.hasNext() && scanned++ < 1000) { // bounded scan: a queue of final changes only is rare
            if (!it.next().state().isFinal()) {
                it.remove();
                dropped++;
                return;
            }
        }
        queue.pollFirst();
        dropped++;
    }

    @Override
    public Optional<JobRecord> find(String unique) {
        Objects.requireNonNull(unique, "unique");
        JobRecord stored;
        try {
            stored = query("SELECT " + Columns.ALL + " FROM " + table + " WHERE job_unique = ?",
                    List.of(unique), 1).stream().findFirst().orElse(null);
        } catch (SQLException e) {
            stored = null; // the database is down: what this instance still queues is all there is
        }
        return Optional.ofNullable(withPending(unique, stored));
    }

    @Override
    public Optional<JobRecord> findByHandle(String server, String handle) {
        Objects.requireNonNull(handle, "handle");
        for (JobRecord change : pending()) {
            if (handle.equals(change.handle()) && Objects.equals(server, change.server())) {
                return find(change.unique());
            }
        }
        try {
            String sql = "SELECT " + Columns.ALL + " FROM " + table + " WHERE job_handle = ?"
                    + (server == null ? "" : " AND job_server = ?") + " ORDER BY updated_at DESC";
            List<Object> args = server == null ? List.of(handle) : List.of(handle, server);
            return query(sql, args, 1).stream().findFirst().map(r -> withPending(r.unique(), r));
        } catch (SQLException e) {
            throw new GearmanException("cannot read job records from " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<JobRecord> find(JobQuery q) {
        StringBuilder sql = new StringBuilder("SELECT ").append(Columns.ALL).append(" FROM ").append(table)
                .append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.state() != null) {
            sql.append(" AND job_state = ?");
            args.add(q.state().name());
        }
        if (q.jobName() != null) {
            sql.append(" AND job_name = ?");
            args.add(q.jobName());
        }
        sql.append(" ORDER BY updated_at DESC LIMIT ").append(Math.max(0, q.limit())).append(" OFFSET ")
                .append(Math.max(0, q.offset()));
        try {
            return query(sql.toString(), args, Integer.MAX_VALUE);
        } catch (SQLException e) {
            throw new GearmanException("cannot read job records from " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<JobRecord> findNotUpdatedSince(Instant updatedBefore, int limit) {
        String sql = "SELECT " + Columns.ALL + " FROM " + table + " WHERE updated_at < ?"
                + " AND job_state IN ('QUEUED', 'RUNNING', 'RETRYING') ORDER BY updated_at LIMIT " + Math.max(0, limit);
        try {
            return query(sql, List.of(updatedBefore.toEpochMilli()), Integer.MAX_VALUE);
        } catch (SQLException e) {
            throw new GearmanException("cannot read job records from " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Map<State, Long>> countByJobAndState() {
        Map<String, Map<State, Long>> counts = new TreeMap<>();
        try {
            Connection c = connections.get();
            boolean broken = true;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT job_name, job_state, COUNT(*) FROM " + table
                         + " GROUP BY job_name, job_state")) {
                while (rs.next()) {
                    String name = rs.getString(1) == null ? "" : rs.getString(1);
                    counts.computeIfAbsent(name, n -> new java.util.EnumMap<>(State.class))
                            .put(State.valueOf(rs.getString(2)), rs.getLong(3));
                }
                broken = false;
            } finally {
                endRead(c, broken);
            }
        } catch (SQLException e) {
            throw new GearmanException("cannot read job records from " + table + ": " + e.getMessage(), e);
        }
        return counts;
    }

    @Override
    public int purge(Instant finishedBefore) {
        try {
            return update("DELETE FROM " + table + " WHERE finished_at IS NOT NULL AND finished_at < ?",
                    finishedBefore.toEpochMilli());
        } catch (SQLException e) {
            throw new GearmanException("cannot purge job records from " + table + ": " + e.getMessage(), e);
        }
    }

    /** @return how many changes wait to be written (for tests and metrics) */
    public int queued() {
        lock.lock();
        try {
            return queue.size() + inFlight.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every change queued so far is written (or the wait ends).
     *
     * @return whether the queue is empty
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            flushers++;
            changed.signalAll(); // the writer stops lingering
            while (!queue.isEmpty() || !inFlight.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } finally {
            flushers--;
            lock.unlock();
        }
    }

    /** @return the database's dialect, or {@code null} before the database was first reached */
    public String dialect() {
        Dialect d = dialect;
        return d == null ? null : d.name();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
        int left = queued();
        if (left > 0) {
            StoreMessages.closedWithQueued(left);
        }
        connections.close();
    }

    @Override
    public String toString() {
        return "JdbcJobStore[" + table + " on " + connections + "]";
    }

    // ---- the writer thread

    private void writeLoop() {
        long backoff = MIN_BACKOFF_NANOS;
        long nextPurge = System.nanoTime();
        while (true) {
            List<JobRecord> batch = new ArrayList<>();
            long droppedNow;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing && System.nanoTime() - nextPurge < 0) {
                    idle = true;
                    changed.awaitNanos(Math.max(1, nextPurge - System.nanoTime()));
                }
                idle = false;
                if (queue.isEmpty() && closing) {
                    return;
                }
                // a batch that is not full waits a little for more: one transaction of hundreds of changes costs the
                // database far less than many of a few (measured: bench StoreMain)
                long lingerEnd = System.nanoTime() + options.linger().toNanos();
                while (!queue.isEmpty() && queue.size() < options.batchSize() && !closing && flushers == 0
                        && outageSince < 0) {
                    long left = lingerEnd - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    lingering = true;
                    changed.awaitNanos(left);
                }
                lingering = false;
                while (batch.size() < options.batchSize() && !queue.isEmpty()) {
                    batch.add(queue.pollFirst());
                }
                inFlight = batch;
                droppedNow = dropped;
                dropped = 0;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (droppedNow > 0) {
                StoreMessages.dropped(droppedNow, options.capacity());
            }
            try {
                if (dialect == null) {
                    prepare();
                }
                if (!batch.isEmpty()) {
                    writeBatch(batch);
                }
                if (outageSince >= 0) {
                    StoreMessages.recovered(table, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageSince));
                    outageSince = -1;
                }
                backoff = MIN_BACKOFF_NANOS;
                done(List.of());
                if (System.nanoTime() - nextPurge >= 0) {
                    nextPurge = System.nanoTime() + purgeInterval();
                    purgeQuietly();
                }
            } catch (SQLException | RuntimeException e) {
                if (e instanceof GearmanException incompatible) {
                    StoreMessages.writerFailed(incompatible); // an incompatible table found late: records cannot go
                    done(List.of());
                    continue;
                }
                if (outageSince < 0) {
                    outageSince = System.nanoTime();
                    StoreMessages.outage(table, batch.size() + queueSize(), e);
                }
                done(batch);
                if (!sleep(backoff)) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
            }
        }
    }

    private long purgeInterval() {
        return Math.min(TimeUnit.HOURS.toNanos(1), Math.max(TimeUnit.SECONDS.toNanos(1),
                options.retention().toNanos() / 10));
    }

    private void purgeQuietly() {
        try {
            purge(Instant.now().minus(options.retention()));
        } catch (RuntimeException e) {
            StoreMessages.purgeFailed(table, e);
        }
    }

    /** Ends the in-flight batch; a failed one goes back to the head of the queue, keeping its bound. */
    private void done(List<JobRecord> failed) {
        lock.lock();
        try {
            for (int i = failed.size() - 1; i >= 0; i--) {
                queue.addFirst(failed.get(i));
            }
            while (queue.size() > options.capacity()) { // the failed batch came back on top of new changes
                dropOldest();
            }
            inFlight = List.of();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private int queueSize() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return {@code false} if the store closed during the back-off and cannot write (the database is down) */
    private boolean sleep(long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (left > 0 && !closing) {
                left = changed.awaitNanos(left);
            }
            if (closing) {
                // one more try on close, then give up (close() reports what is left)
                return left <= 0 || attemptsOnClose++ < 1;
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void writeBatch(List<JobRecord> batch) throws SQLException {
        // group by unique id in key order: every writer locks rows in the same order, so two never deadlock
        TreeMap<String, List<JobRecord>> byUnique = new TreeMap<>();
        for (JobRecord change : batch) {
            byUnique.computeIfAbsent(change.unique(), u -> new ArrayList<>(2)).add(change);
        }
        for (int attempt = 1; ; attempt++) {
            Connection c = connections.get();
            boolean broken = true;
            try {
                c.setAutoCommit(false);
                try {
                    writeBatch(c, byUnique);
                    c.commit();
                    broken = false;
                    return;
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    // two writers inserting the same new unique at once, or a deadlock: try again at once
                    if (attempt < 3 && isConflict(e)) {
                        broken = false;
                        continue;
                    }
                    throw e;
                }
            } finally {
                endWrite(c, broken);
            }
        }
    }

    private void writeBatch(Connection c, TreeMap<String, List<JobRecord>> byUnique) throws SQLException {
        RowStatements rows = dialect.rows();
        Map<String, JobRecord> stored = rows.lock(c, table, new ArrayList<>(byUnique.keySet()));
        // new records are inserted whole; one that another writer inserted meanwhile is locked and merged below
        List<JobRecord> fresh = new ArrayList<>();
        for (Map.Entry<String, List<JobRecord>> e : byUnique.entrySet()) {
            if (!stored.containsKey(e.getKey())) {
                fresh.add(merge(null, e.getValue()));
            }
        }
        if (!fresh.isEmpty()) {
            List<String> raced = rows.insertAbsent(c, table, fresh);
            if (!raced.isEmpty()) {
                stored.putAll(rows.lock(c, table, raced));
            }
        }
        List<JobRecord> merged = new ArrayList<>(stored.size());
        for (Map.Entry<String, JobRecord> e : stored.entrySet()) {
            merged.add(merge(e.getValue(), byUnique.get(e.getKey())));
        }
        if (!merged.isEmpty()) {
            rows.update(c, table, merged);
        }
    }

    private static JobRecord merge(JobRecord stored, List<JobRecord> changes) {
        JobRecord merged = stored;
        for (JobRecord change : changes) {
            merged = RecordMerge.apply(merged, change);
        }
        return merged;
    }

    private static boolean isConflict(SQLException e) {
        String state = e.getSQLState();
        // 23xxx: integrity constraint (a concurrent insert of the same key); 40xxx: serialization failure, deadlock
        return state != null && (state.startsWith("23") || state.startsWith("40"));
    }

    // ---- the table

    /** Checks the table and its schema version, creating both when absent; sets {@link #dialect}. */
    private void prepare() throws SQLException {
        Connection c = connections.get();
        boolean broken = true;
        try {
            c.setAutoCommit(true);
            Dialect d = Dialect.of(c);
            boolean created = false;
            Integer version = schemaVersion(c);
            Set<String> columns = columns(c);
            if (columns == null && version == null) {
                create(c, d);
                created = true;
            } else if (columns == null || version == null || version != SCHEMA_VERSION
                    || !columns.containsAll(Columns.names())) {
                throw incompatible(columns, version);
            }
            dialect = d;
            broken = false;
            StoreMessages.ready(table, d.name(), created);
        } finally {
            connections.release(c, broken);
        }
    }

    private GearmanException incompatible(Set<String> columns, Integer version) {
        String found;
        if (columns == null) {
            found = "the table is missing but " + table + "_schema says version " + version;
        } else if (version == null) {
            found = "the table has no schema version (no table " + table + "_schema): it was made by something else "
                    + "or by an older gearman-cdi";
        } else if (version != SCHEMA_VERSION) {
            found = "its schema version is " + version;
        } else {
            Set<String> missing = new HashSet<>(Columns.names());
            missing.removeAll(columns);
            found = "it lacks the columns " + missing;
        }
        return new GearmanException("the job record table " + table + " cannot be used by this gearman-cdi (schema "
                + "version " + SCHEMA_VERSION + "): " + found + ". Drop or rename the table (its records are lost) or "
                + "set gearman.store.table to another name; gearman.store.enabled=false turns the store off");
    }

    /** @return the table's columns in lower case, or {@code null} when there is no such table */
    private Set<String> columns(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            Set<String> names = new HashSet<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
            return names;
        } catch (SQLException e) {
            if (c.isValid(5)) {
                return null; // the query failed on a working connection: no such table
            }
            throw e;
        }
    }

    /** @return the version in {@code <table>_schema}, or {@code null} when there is no such table */
    private Integer schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM " + table + "_schema")) {
            return rs.next() ? rs.getInt(1) : Integer.valueOf(0);
        } catch (SQLException e) {
            if (c.isValid(5)) {
                return null;
            }
            throw e;
        }
    }

    private void create(Connection c, Dialect d) throws SQLException {
        String text = d.longText();
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE " + table + " ("
                    + "job_unique VARCHAR(200) NOT NULL PRIMARY KEY, job_server VARCHAR(255), job_handle VARCHAR(255),"
                    + " job_name VARCHAR(255), function_name VARCHAR(512), job_state VARCHAR(16) NOT NULL,"
                    + " attempts INTEGER, progress_num BIGINT, progress_den BIGINT, payload " + text + ","
                    + " job_result " + text + ", error_type VARCHAR(512), error_message " + text + ","
                    + " worker VARCHAR(255), submitted_at BIGINT, started_at BIGINT, finished_at BIGINT,"
                    + " next_attempt_at BIGINT, updated_at BIGINT NOT NULL)" + d.tableOptions());
            s.executeUpdate("CREATE INDEX " + table + "_state_ix ON " + table + " (job_state, updated_at)");
            s.executeUpdate("CREATE INDEX " + table + "_updated_ix ON " + table + " (updated_at)");
            s.executeUpdate("CREATE INDEX " + table + "_handle_ix ON " + table + " (job_handle)");
            s.executeUpdate("CREATE INDEX " + table + "_finished_ix ON " + table + " (finished_at)");
            s.executeUpdate("CREATE TABLE " + table + "_schema (version INTEGER NOT NULL)" + d.tableOptions());
            s.executeUpdate("INSERT INTO " + table + "_schema (version) VALUES (" + SCHEMA_VERSION + ")");
        } catch (SQLException e) {
            // another process may have created it at the same moment: what matters is that it is there now
            if (columns(c) == null || schemaVersion(c) == null) {
                throw e;
            }
        }
    }

    // ---- reading

    private List<JobRecord> query(String sql, List<Object> args, int max) throws SQLException {
        Connection c = connections.get();
        boolean broken = true;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            List<JobRecord> records = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next() && records.size() < max) {
                    JobRecord r = Columns.read(rs);
                    records.add(r);
                }
            }
            broken = false;
            return records;
        } finally {
            endRead(c, broken);
        }
    }

    private int update(String sql, long arg) throws SQLException {
        Connection c = connections.get();
        boolean broken = true;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            s.setLong(1, arg);
            int n = s.executeUpdate();
            broken = false;
            return n;
        } finally {
            endRead(c, broken);
        }
    }

    /** Ends a read: a connection of a pool may be in a transaction (autocommit off) that must not hold locks. */
    private void endRead(Connection c, boolean broken) {
        try {
            if (!broken && !c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            broken = true;
        }
        connections.release(c, broken);
    }

    private void endWrite(Connection c, boolean broken) {
        try {
            if (!broken) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            broken = true;
        }
        connections.release(c, broken);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is released as broken by the caller
        }
    }

    /** @return the stored record with this instance's queued and in-flight changes to it applied */
    private JobRecord withPending(String unique, JobRecord stored) {
        JobRecord r = stored;
        for (JobRecord change : pending()) {
            if (unique.equals(change.unique())) {
                r = RecordMerge.apply(r, change);
            }
        }
        return r;
    }

    /** @return the changes not yet written, oldest first */
    private List<JobRecord> pending() {
        lock.lock();
        try {
            List<JobRecord> all = new ArrayList<>(inFlight.size() + queue.size());
            all.addAll(inFlight);
            all.addAll(queue);
            return all;
        } finally {
            lock.unlock();
        }
    }

    // ---- sizes

    /** @return the change cut to the columns' sizes, and without its payload when payloads are not stored */
    private JobRecord fit(JobRecord r) {
        return new JobRecord(cut(r.unique(), 200), cut(r.server(), 255), cut(r.handle(), 255), cut(r.jobName(), 255),
                cut(r.functionName(), 512), r.state(), r.attempts(), r.progressNumerator(), r.progressDenominator(),
                options.payloads() ? cut(r.payload(), MAX_TEXT) : null, cut(r.result(), MAX_TEXT),
                cut(r.errorType(), 512), cut(r.errorMessage(), MAX_MESSAGE), cut(r.worker(), 255), r.submittedAt(),
                r.startedAt(), r.finishedAt(), r.nextAttemptAt(),
                r.updatedAt() != null ? r.updatedAt() : Instant.now());
    }

    /** @return {@code text}, or its start followed by {@link JobRecord#TRUNCATED} when longer than {@code max} */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - JobRecord.TRUNCATED.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a character
        }
        return text.substring(0, end) + JobRecord.TRUNCATED;
    }
}
