package io.gearmancdi.worker;

/**
 * Told about every job that failed for good on a worker, after the failure was reported to the server
 * ({@code WORK_WARNING} with the details, then {@code WORK_FAIL}); failed attempts that a {@link RetryPolicy} retries
 * are logged instead, and {@link WorkerJob#attempt()} says which attempt failed last.
 * The default logs at WARNING with the function name and the job handle: one line for a bad payload or a time limit,
 * with the stack trace for what the job's code threw, and the same failure at most once a minute.
 *
 * <p>Called on the connection's thread, or for a time limit on the worker's timer thread: keep it short. Implementations
 * should not throw; if they do, it is logged and the worker keeps running regardless.
 */
@FunctionalInterface
public interface JobErrorHandler {
    /**
     * @param job   the job that failed; its {@code send*} methods no longer do anything
     * @param error what the function threw, or a {@link io.gearmancdi.GearmanTimeoutException} for a time limit
     */
    void jobFailed(WorkerJob job, Throwable error);
}
