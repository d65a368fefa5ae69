package io.gearmancdi.worker;

/**
 * The code behind a Gearman function: turns a job's payload into its result.
 *
 * <p>Return normally and the worker sends {@code WORK_COMPLETE} with the returned bytes ({@code null} = empty). Throw
 * anything and it fails the job: {@code WORK_WARNING} with {@code {"type": "<class name>", "message": "<message>"}}
 * then {@code WORK_FAIL} (on a server without {@code GRAB_JOB_UNIQ}: {@code WORK_EXCEPTION} then {@code WORK_FAIL}),
 * then tells the {@link JobErrorHandler}; the worker keeps running. That holds for {@link Error}s too: a
 * {@link StackOverflowError} or an {@link AssertionError} is a bug of one job, not of the worker. An
 * {@link OutOfMemoryError} fails the job too, but the third within a minute, or any other {@link VirtualMachineError},
 * is fatal: the job fails, the connection ends and the worker reports itself unhealthy
 * ({@link WorkerOptions.Builder#onFatalError}).
 *
 * <p><b>Time limits and shutdown.</b> When the function's time limit passes, or a shutdown's drain deadline, the worker
 * interrupts the thread and {@link WorkerJob#isCancelled()} turns true. Functions should stop promptly then; whatever
 * they return or throw afterwards is dropped, because the job's outcome has already been decided.
 *
 * <p><b>Concurrency.</b> Called on a worker connection's thread, one job at a time per connection; with several
 * connections the same function runs concurrently, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface JobFunction {
    /**
     * Runs one job.
     *
     * @param job the job: payload, handle, unique id, and the means to report progress
     * @return the result bytes, or {@code null} for an empty result
     * @throws Exception any failure of the job
     */
    byte[] run(WorkerJob job) throws Exception;
}
