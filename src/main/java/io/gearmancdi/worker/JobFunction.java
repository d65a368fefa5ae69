package io.gearmancdi.worker;

/**
 * The code behind a Gearman function: turns a job's payload into its result.
 *
 * <p>Return normally and the worker sends {@code WORK_COMPLETE} with the returned bytes ({@code null} = empty). Throw
 * and it sends {@code WORK_EXCEPTION} with {@code {"type": ..., "message": ...}}; the worker keeps running.
 */
@FunctionalInterface
public interface JobFunction {
    /**
     * Runs one job.
     *
     * @param job the job: payload, handle, unique id, and the means to report progress
     * @return the result bytes
     * @throws Exception any failure of the job
     */
    byte[] run(WorkerJob job) throws Exception;
}
