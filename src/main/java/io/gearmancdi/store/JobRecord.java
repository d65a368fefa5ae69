package io.gearmancdi.store;

import io.gearmancdi.JobOutcome;

import java.time.Instant;

/**
 * A job record as stored, or a change to one: fields that are {@code null} in a change leave the stored value as it
 * is (see {@link JobStore#write(JobRecord)}).
 *
 * @param unique          the job's unique id, the record's key
 * @param server          the job server that holds or held it ({@code host:port}), or {@code null}
 * @param handle          the job handle on that server, or {@code null}
 * @param jobName         the logical job name
 * @param functionName    the Gearman function name
 * @param state           the state the change moves the job to
 * @param attempts        attempts started so far, or {@code null} in a change that does not start one
 * @param progressNumerator   last progress numerator, or {@code null}
 * @param progressDenominator last progress denominator, or {@code null}
 * @param payload         the request JSON (possibly truncated, see {@link #TRUNCATED}), or {@code null}
 * @param result          the result JSON of a succeeded job (possibly truncated), or {@code null}
 * @param errorType       class name of the last failure, or {@code null}
 * @param errorMessage    message of the last failure, or {@code null}
 * @param worker          the worker that runs or ran the last attempt, or {@code null}
 * @param submittedAt     when the job was submitted, or {@code null}
 * @param startedAt       when the last attempt started, or {@code null}
 * @param finishedAt      when the job reached a final state, or {@code null}
 * @param nextAttemptAt   when the next attempt is due while retrying, or {@code null}
 * @param updatedAt       when this change happened (never {@code null})
 */
public record JobRecord(String unique, String server, String handle, String jobName, String functionName,
                        JobOutcome.State state, Integer attempts, Long progressNumerator, Long progressDenominator,
                        String payload, String result, String errorType, String errorMessage, String worker,
                        Instant submittedAt, Instant startedAt, Instant finishedAt, Instant nextAttemptAt,
                        Instant updatedAt) {

    /** Appended to a payload, result or message cut to fit the store's limit; such a result cannot be read back. */
    public static final String TRUNCATED = "\u2026[truncated]";

    /**
     * The error type of a record the reconciliation marked {@code FAILED} because no job server knew its job any more
     * and no worker had reported its end (see docs/store.md); a real outcome that arrives later replaces it.
     */
    public static final String LOST = "io.gearmancdi.store.LostRecord";
}
