package io.gearmancdi.store.internal;

import io.gearmancdi.JobOutcome.State;
import io.gearmancdi.store.JobRecord;

import java.time.Instant;

/**
 * The merge rule of job records. Changes come from several processes (the client's {@code QUEUED}, the worker's
 * {@code RUNNING}, progress and outcome) and may arrive in any order, so a change moves the record's state only
 * forwards: to a later attempt, or within the same attempt from {@code QUEUED} to {@code RUNNING} to
 * {@code RETRYING} or a final state. A final state stays (except over the reconciliation's lost-record marker).
 * Fields that do not belong to the state (server, handle, names, payload, submission time) are filled in from any
 * change whatever its order.
 */
final class RecordMerge {
    private static final String LOST = JobRecord.LOST;

    private RecordMerge() {
    }

    /**
     * @param stored the record as stored, or {@code null} when there is none
     * @param change a change
     * @return the record after the change
     */
    static JobRecord apply(JobRecord stored, JobRecord change) {
        if (stored == null) {
            return change;
        }
        boolean moves = moves(stored, change);
        boolean newAttempt = moves && attempts(change, stored) > attempts(stored, stored);
        if (moves && LOST.equals(stored.errorType())) {
            stored = withoutError(stored); // the real outcome replaces the reconciliation's guess
        }
        JobRecord forward = moves ? change : stored;
        JobRecord back = moves ? stored : change;
        return new JobRecord(stored.unique(),
                or(change.server(), stored.server()),
                or(change.handle(), stored.handle()),
                or(stored.jobName(), change.jobName()),
                or(stored.functionName(), change.functionName()),
                forward.state(),
                max(stored.attempts(), change.attempts()),
                newAttempt ? change.progressNumerator() : or(forward.progressNumerator(), back.progressNumerator()),
                newAttempt ? change.progressDenominator()
                        : or(forward.progressDenominator(), back.progressDenominator()),
                or(stored.payload(), change.payload()),
                moves ? or(change.result(), stored.result()) : stored.result(),
                moves ? or(change.errorType(), stored.errorType()) : stored.errorType(),
                moves ? or(change.errorMessage(), stored.errorMessage()) : stored.errorMessage(),
                or(forward.worker(), back.worker()),
                earliest(stored.submittedAt(), change.submittedAt()),
                or(forward.startedAt(), back.startedAt()),
                moves ? or(change.finishedAt(), stored.finishedAt()) : stored.finishedAt(),
                moves ? change.nextAttemptAt() : stored.nextAttemptAt(),
                latest(stored.updatedAt(), change.updatedAt()));
    }

    private static JobRecord withoutError(JobRecord r) {
        return new JobRecord(r.unique(), r.server(), r.handle(), r.jobName(), r.functionName(), r.state(),
                r.attempts(), r.progressNumerator(), r.progressDenominator(), r.payload(), r.result(), null, null,
                r.worker(), r.submittedAt(), r.startedAt(), null, r.nextAttemptAt(), r.updatedAt());
    }

    /** @return whether {@code change} moves the state of {@code stored} */
    static boolean moves(JobRecord stored, JobRecord change) {
        int storedAttempt = attempts(stored, stored);
        int changeAttempt = attempts(change, stored);
        if (stored.state().isFinal()) {
            // a final record stays final; only a real outcome replaces the reconciliation's guess
            return LOST.equals(stored.errorType()) && change.state().isFinal() && !LOST.equals(change.errorType());
        }
        if (changeAttempt != storedAttempt) {
            return changeAttempt > storedAttempt;
        }
        return rank(change.state()) >= rank(stored.state());
    }

    /** A change without an attempt count (the client's, progress) belongs to the stored record's attempt. */
    private static int attempts(JobRecord r, JobRecord stored) {
        return r.attempts() != null ? r.attempts() : stored.attempts() != null ? stored.attempts() : 0;
    }

    private static int rank(State state) {
        return switch (state) {
            case QUEUED, UNKNOWN -> 0;
            case RUNNING -> 1;
            case RETRYING -> 2;
            case SUCCEEDED, FAILED, CANCELLED -> 3;
        };
    }

    private static <T> T or(T first, T second) {
        return first != null ? first : second;
    }

    private static Integer max(Integer a, Integer b) {
        return a == null ? b : b == null ? a : Integer.valueOf(Math.max(a, b));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
