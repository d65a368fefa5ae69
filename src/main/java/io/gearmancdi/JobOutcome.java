package io.gearmancdi;

import java.time.Instant;
import java.util.Optional;

/**
 * What became of a background job, read from the job record store ({@code gearman.store.enabled=true}) by
 * {@link GearmanClient#outcome(JobHandle)} and {@link GearmanClient#outcome(String)}.
 *
 * <p>gearmand forgets a job the moment it ends; the store keeps its state, result or error for
 * {@code gearman.store.retention}. A job the store does not know (never submitted, purged, or the store is off) has
 * the state {@link State#UNKNOWN}.
 *
 * @since 1.1
 */
public interface JobOutcome {

    /** The states of a job record. */
    enum State {
        /** Submitted, not yet taken by a worker. */
        QUEUED,
        /** A worker runs it ({@link #progress()} tells how far). */
        RUNNING,
        /** An attempt failed; another is due at {@link #nextAttemptAt()}. */
        RETRYING,
        /** The job completed; {@link #result(Class)} reads its result. */
        SUCCEEDED,
        /** The job failed for good: {@link #errorType()}, {@link #errorMessage()}, {@link #attempts()}. */
        FAILED,
        /** Removed from the job server's queue before a worker took it. */
        CANCELLED,
        /** The store holds no record of this job. */
        UNKNOWN;

        /** @return whether the job will not change any more */
        public boolean isFinal() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }

    /** @return the job's unique id, the key of its record */
    String unique();

    /** @return the job's state */
    State state();

    /** @return the logical job name, or {@code null} when {@link State#UNKNOWN} */
    String jobName();

    /** @return how many attempts started (0 while queued) */
    int attempts();

    /** @return the last progress the worker reported, as a fraction in [0, 1] (0 when none) */
    double progress();

    /**
     * Reads the result of a {@link State#SUCCEEDED} job.
     *
     * @param type the result type
     * @param <T>  the result type
     * @return the result, JSON-decoded
     * @throws IllegalStateException if the job has not succeeded
     * @throws GearmanPayloadException if the stored result cannot be read as {@code type}, or was truncated
     */
    <T> T result(Class<T> type);

    /**
     * Reads the result of a {@link State#SUCCEEDED} job as a generic type.
     *
     * @param type the result type, e.g. {@code new ResultType<List<Report>>() {}}
     * @param <T>  the result type
     * @return the result, JSON-decoded
     * @throws IllegalStateException if the job has not succeeded
     * @throws GearmanPayloadException if the stored result cannot be read as {@code type}, or was truncated
     */
    <T> T result(ResultType<T> type);

    /** @return the class name of the last failure (of the job, or of the last attempt while retrying) */
    Optional<String> errorType();

    /** @return the message of the last failure */
    Optional<String> errorMessage();

    /** @return when the job was submitted (or first seen by a worker, for jobs submitted by other clients) */
    Optional<Instant> submittedAt();

    /** @return when its last attempt started */
    Optional<Instant> startedAt();

    /** @return when it reached a final state */
    Optional<Instant> finishedAt();

    /** @return when the next attempt is due, while {@link State#RETRYING} */
    Optional<Instant> nextAttemptAt();

    /** @return the worker that ran the last attempt (host and process) */
    Optional<String> worker();
}
