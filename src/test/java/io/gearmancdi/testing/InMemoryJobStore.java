package io.gearmancdi.testing;

import io.gearmancdi.JobOutcome;
import io.gearmancdi.store.JobQuery;
import io.gearmancdi.store.JobRecord;
import io.gearmancdi.store.JobStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A test double of the {@link JobStore} SPI (not of a server): records in a map, for tests of what reads the store
 * (the dashboard) without a database. A write replaces the non-null fields, as the SPI says; there is no queueing and
 * no ordering rule.
 */
public final class InMemoryJobStore implements JobStore {
    private final Map<String, JobRecord> records = new LinkedHashMap<>();

    /** A record with the fields the dashboard shows. */
    public static JobRecord record(String unique, String job, JobOutcome.State state, String payload,
                                   String errorType, String errorMessage) {
        Instant now = Instant.now();
        return new JobRecord(unique, null, null, job, job, state, state == JobOutcome.State.QUEUED ? 0 : 1, null,
                null, payload, null, errorType, errorMessage, null, now, null, null, null, now);
    }

    @Override
    public synchronized void write(JobRecord c) {
        JobRecord o = records.get(c.unique());
        if (o == null) {
            records.put(c.unique(), c);
            return;
        }
        records.put(c.unique(), new JobRecord(c.unique(), or(c.server(), o.server()), or(c.handle(), o.handle()),
                or(c.jobName(), o.jobName()), or(c.functionName(), o.functionName()), or(c.state(), o.state()),
                or(c.attempts(), o.attempts()), or(c.progressNumerator(), o.progressNumerator()),
                or(c.progressDenominator(), o.progressDenominator()), or(c.payload(), o.payload()),
                or(c.result(), o.result()), or(c.errorType(), o.errorType()),
                or(c.errorMessage(), o.errorMessage()), or(c.worker(), o.worker()),
                or(c.submittedAt(), o.submittedAt()), or(c.startedAt(), o.startedAt()),
                or(c.finishedAt(), o.finishedAt()), or(c.nextAttemptAt(), o.nextAttemptAt()),
                or(c.updatedAt(), o.updatedAt())));
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    @Override
    public synchronized Optional<JobRecord> find(String unique) {
        return Optional.ofNullable(records.get(unique));
    }

    @Override
    public synchronized Optional<JobRecord> findByHandle(String server, String handle) {
        return records.values().stream().filter(r -> server.equals(r.server()) && handle.equals(r.handle()))
                .max(Comparator.comparing(JobRecord::updatedAt));
    }

    @Override
    public synchronized List<JobRecord> find(JobQuery query) {
        return records.values().stream()
                .filter(r -> query.state() == null || query.state() == r.state())
                .filter(r -> query.jobName() == null || query.jobName().equals(r.jobName()))
                .sorted(Comparator.comparing(JobRecord::updatedAt).reversed())
                .skip(query.offset()).limit(query.limit()).toList();
    }

    @Override
    public synchronized Map<String, Map<JobOutcome.State, Long>> countByJobAndState() {
        Map<String, Map<JobOutcome.State, Long>> counts = new TreeMap<>();
        for (JobRecord r : records.values()) {
            counts.computeIfAbsent(r.jobName(), j -> new EnumMap<>(JobOutcome.State.class))
                    .merge(r.state(), 1L, Long::sum);
        }
        return counts;
    }

    @Override
    public synchronized int purge(Instant finishedBefore) {
        List<String> old = new ArrayList<>();
        records.forEach((unique, r) -> {
            if (r.finishedAt() != null && r.finishedAt().isBefore(finishedBefore)) {
                old.add(unique);
            }
        });
        old.forEach(records::remove);
        return old.size();
    }

    @Override
    public void close() {
    }
}
