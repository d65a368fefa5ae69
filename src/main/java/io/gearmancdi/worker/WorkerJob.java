package io.gearmancdi.worker;

/**
 * A job being run by a worker, as seen by its {@link JobFunction}. Valid only until the function returns.
 *
 * <p>The {@code send*} methods write a packet on the job's connection at once (numbers as decimal text). They may be
 * called from other threads than the function's. Once the job's outcome is decided (time limit passed, shutdown
 * abandoned it) they silently do nothing, since the server no longer knows the job as this worker's. If the connection
 * is lost they throw {@link io.gearmancdi.GearmanConnectionException}: the result can no longer be delivered, and the
 * server gives the job to another worker.
 */
public interface WorkerJob {
    /** @return the Gearman function name the job was submitted to */
    String function();

    /** @return the job handle given by the server */
    String handle();

    /** @return the job's unique id (may be empty) */
    String unique();

    /**
     * @return which attempt this is, from 1 (see {@link RetryPolicy}); a background retry knows it from its payload's
     *         mark, a job the server requeued after a worker died counts the same attempt again
     */
    default int attempt() {
        return 1;
    }

    /** @return the attempts the function's {@link RetryPolicy} allows: {@code 1 + retries} */
    default int maxAttempts() {
        return 1;
    }

    /** @return the payload bytes (not a copy) */
    byte[] payload();

    /** Sends {@code WORK_STATUS}: progress as {@code numerator / denominator}. */
    void sendStatus(long numerator, long denominator);

    /** Sends {@code WORK_DATA}: a partial result to a waiting foreground client (dropped by the server for background jobs). */
    void sendData(byte[] data);

    /** Sends {@code WORK_WARNING} to a waiting foreground client (dropped by the server for background jobs). */
    void sendWarning(byte[] warning);

    /**
     * @return whether the job should stop early: its per-function timeout passed or the worker is shutting down past its
     *         drain deadline. Long jobs should check this (the thread is also interrupted).
     */
    boolean isCancelled();
}
