package io.gearmancdi.worker;

/**
 * Told about every job that failed on a worker, after the failure was reported to the server. The default logs it.
 * Implementations must not throw; the worker keeps running regardless.
 */
@FunctionalInterface
public interface JobErrorHandler {
    /**
     * @param job   the job that failed
     * @param error what the function threw (or a timeout)
     */
    void jobFailed(WorkerJob job, Throwable error);
}
