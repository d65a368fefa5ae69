package io.gearmancdi.worker;

/**
 * A job being run by a worker, as seen by its {@link JobFunction}. Valid only until the function returns.
 */
public interface WorkerJob {
    /** @return the Gearman function name the job was submitted to */
    String function();

    /** @return the job handle given by the server */
    String handle();

    /** @return the job's unique id (may be empty) */
    String unique();

    /** @return the payload bytes */
    byte[] payload();

    /** Sends {@code WORK_STATUS}: progress as {@code numerator / denominator}. */
    void sendStatus(long numerator, long denominator);

    /** Sends {@code WORK_DATA}: a partial result to a waiting foreground client. */
    void sendData(byte[] data);

    /** Sends {@code WORK_WARNING} to a waiting foreground client. */
    void sendWarning(byte[] warning);

    /**
     * @return whether the job should stop early: its per-function timeout passed or the worker is shutting down past its
     *         drain deadline. Long jobs should check this (the thread is also interrupted).
     */
    boolean isCancelled();
}
