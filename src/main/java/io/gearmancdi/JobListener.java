package io.gearmancdi;

/**
 * Receives what a worker sends while it runs a foreground job: progress, partial data and warnings. Callbacks run on
 * the client's connection reader thread, in arrival order, so they must be quick and must not block on the client (a
 * listener that blocks holds up every job of its connection). A callback that throws, an {@code Error} included, is
 * logged and the job goes on.
 */
public interface JobListener {
    /** A listener that ignores everything. */
    JobListener NONE = new JobListener() {
    };

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
