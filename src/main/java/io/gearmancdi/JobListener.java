package io.gearmancdi;

/**
 * Receives what a worker sends while it runs a foreground job: progress, partial data and warnings. Callbacks run on
 * the client's completion executor (never on a connection's reader thread), one at a time per submission, in arrival
 * order, and all of them before the submission's future completes. A listener that blocks delays only its own job. A
 * callback that throws, an {@code Error} included, is logged and the job goes on.
 */
public interface JobListener {
    /** A listener that ignores everything. */
    JobListener NONE = new JobListener() {
    };

    /**
     * {@code JOB_CREATED}: the server queued the job under this handle (before any other callback of the job; again,
     * with a new handle, if the client submits it anew to another server after a connection failure).
     *
     * @since 1.1
     */
    default void onCreated(JobHandle handle) {
    }

    /** {@code WORK_STATUS}: the job is {@code numerator / denominator} done. */
    default void onStatus(JobHandle handle, long numerator, long denominator) {
    }

    /** {@code WORK_DATA}: a partial result. */
    default void onData(JobHandle handle, byte[] data) {
    }

    /** {@code WORK_WARNING}: a warning from the job. */
    default void onWarning(JobHandle handle, byte[] warning) {
    }
}
