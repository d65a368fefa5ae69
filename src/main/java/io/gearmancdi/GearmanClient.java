package io.gearmancdi;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Submits jobs by logical name with JSON arguments and reads typed results. Inject it ({@code @Inject GearmanClient});
 * the container closes it on shutdown. Built on the plain {@link io.gearmancdi.client.JobClient}.
 *
 * <p>Names are logical names (see {@link GearmanJob}); the application's {@link JobNameMapper} turns them into
 * function names, exactly as the workers do. Arguments and results are JSON (JSON-B): the payload is
 * {@code {"args": [...], "kwargs": {...}}} and results deserialize into the type asked for, generics included.
 *
 * <p><b>Failures</b> (unchecked): {@link GearmanJobException} when the job threw (remote type and message),
 * {@link GearmanJobFailedException} when it failed without an exception, {@link GearmanTimeoutException},
 * {@link GearmanConnectionException}, {@link GearmanServerException}, and {@link GearmanException} when a result
 * cannot be read as the requested type.
 *
 * <p><b>Concurrency.</b> Thread-safe; many calls may be in flight at once.
 *
 * <p><b>Transactions.</b> Background submissions inside an active JTA transaction wait for its commit (see
 * {@link #submitBackground(JobRequest)}); foreground calls run at once, since their caller waits for the result.
 *
 * <p><b>Threads.</b> {@code call} and {@code submitBackground} block the calling thread, each for a bounded time
 * ({@code gearman.client.timeout}, {@code gearman.client.submit-timeout}); {@code status} too
 * ({@code gearman.client.status-timeout}). The stage of {@code callAsync} never completes on a connection's reader
 * thread: in a container it completes on the default {@code ManagedExecutorService} and is that executor's
 * {@code copy}, so dependent stages run with the context of the thread that called {@code callAsync}; under Weld SE it
 * completes on the client's own completion threads. A dependent stage that blocks therefore stalls no other job.
 */
public interface GearmanClient {

    /**
     * Runs a job and waits for its result (at most {@code gearman.client.timeout}).
     *
     * <p>Each element of {@code args} is one positional argument: {@code call("x", String.class, data)} sends
     * {@code {"args": [data]}} whatever {@code data} is, {@code null} included. (An {@code Object[]} passed alone is
     * spread by Java's varargs; to send an array as one argument use {@link JobRequest#arg(Object)}.)
     *
     * @param job        the logical job name
     * @param resultType the type to read the result as ({@code Void.class} to ignore it)
     * @param args       positional arguments
     * @return the result
     */
    <T> T call(String job, Class<T> resultType, Object... args);

    /** Runs a job and waits for its result (at most its options' timeout, else {@code gearman.client.timeout}). */
    <T> T call(JobRequest request, Class<T> resultType);

    /** Runs a job and waits for its result, read as a generic type: {@code new ResultType<List<Foo>>() {}}. */
    <T> T call(JobRequest request, ResultType<T> resultType);

    /** Submits a job; the stage completes with its result, or exceptionally as described on the type. */
    <T> CompletionStage<T> callAsync(JobRequest request, Class<T> resultType);

    /** Submits a job; the stage completes with its result read as a generic type. */
    <T> CompletionStage<T> callAsync(JobRequest request, ResultType<T> resultType);

    /**
     * Queues a background job and returns as soon as the server has it (at most its options' timeout, else
     * {@code gearman.client.submit-timeout}). Its result is not delivered anywhere; follow it with
     * {@link #status(JobHandle)}.
     *
     * <p><b>Inside a JTA transaction</b> (one is active on the calling thread) the job is not submitted now but once
     * the transaction has committed, and not at all if it rolls back: a worker never sees a job whose data is not
     * committed. The call then returns at once a {@linkplain JobHandle#isDeferred() deferred} handle, which carries
     * the job's unique id (generated now when the options give none) but no server handle yet; use
     * {@link #submitBackgroundAsync(JobRequest)} to learn the server handle or a failure after the commit. Arguments are
     * encoded at the call, so a bad argument fails it at once. A submission that fails after the commit is logged
     * ({@code GEARMAN-7016}). {@link SubmitOptions.Builder#immediate()} opts out and submits at once.
     */
    JobHandle submitBackground(JobRequest request);

    /** Queues a background job with positional arguments (same rules as {@link #call(String, Class, Object...)}). */
    JobHandle submitBackground(String job, Object... args);

    /**
     * Queues a background job without blocking: the stage completes with its handle once the server has it, or
     * exceptionally as described on the type (a {@link GearmanTimeoutException} after the options' timeout, else
     * {@code gearman.client.submit-timeout}).
     *
     * <p>Inside a JTA transaction the submission waits for the commit, as {@link #submitBackground(JobRequest)}
     * describes: the stage completes after the commit, with the server's handle or with the failure to submit
     * (which is also logged, {@code GEARMAN-7016}); if the transaction rolls back, nothing is submitted and the stage
     * is cancelled (a {@link java.util.concurrent.CancellationException}).
     */
    CompletionStage<JobHandle> submitBackgroundAsync(JobRequest request);

    /** Asks the job's server where the job stands (waits at most {@code gearman.client.status-timeout}). */
    JobStatus status(JobHandle handle);

    /**
     * Removes a queued background job from its server (the admin command {@code cancel job} on the server that
     * created the handle; the embedded server understands it too), so that it never runs. A job that is already
     * running is <b>not interrupted</b> (Gearman cannot stop a worker): then, as for a handle the server does not know
     * (finished, or the server restarted), this returns {@code false}.
     *
     * @return {@code true} if the job was queued and has been removed
     * @throws IllegalArgumentException if the handle is {@linkplain JobHandle#isDeferred() deferred} (no server handle
     *                                  yet) or belongs to a server this client does not use
     * @see io.gearmancdi.client.JobClient#cancel(JobHandle)
     */
    boolean cancel(JobHandle handle);

    /**
     * Submits many foreground jobs at once (pipelined on the connections) and returns their stages in the same order.
     * Every request is encoded before the first is sent: an argument without a JSON form throws
     * {@link GearmanPayloadException} naming the request, and none of the batch is submitted.
     */
    <T> List<CompletionStage<T>> callAllAsync(List<JobRequest> requests, Class<T> resultType);

    /** As {@link #callAllAsync(List, Class)}, each result read as a generic type. */
    <T> List<CompletionStage<T>> callAllAsync(List<JobRequest> requests, ResultType<T> resultType);

    /**
     * Asks where the job with this unique id stands ({@code GET_STATUS_UNIQUE}), on the server the client routes that
     * unique id to (waits at most {@code gearman.client.status-timeout}). The unique id is the durable reference to a
     * background job: a handle is only meaningful while its server runs.
     */
    JobStatus statusByUnique(String unique);

    /**
     * @param logicalName a logical job name
     * @return the function name it maps to on the server
     */
    String functionName(String logicalName);

    /**
     * What became of a background job, read from the job record store ({@code gearman.store.enabled=true}, see
     * {@link JobOutcome}). The store keeps a record per background job this application submitted, and per job its
     * workers ran (also those other clients or languages submitted); foreground callers have their result.
     *
     * @param handle the handle {@link #submitBackground(JobRequest)} returned (deferred ones too: the record is keyed by
     *               the unique id)
     * @return the outcome; {@link JobOutcome.State#UNKNOWN} when the store is off, or has no record of the job (never
     *         submitted, purged after {@code gearman.store.retention}, or its first record still on its way)
     * @since 1.1
     */
    default JobOutcome outcome(JobHandle handle) {
        return outcome(handle.unique());
    }

    /**
     * What became of the background job with this unique id (see {@link #outcome(JobHandle)}).
     *
     * @param unique the job's unique id
     * @return the outcome, {@link JobOutcome.State#UNKNOWN} when the store does not know it
     * @throws UnsupportedOperationException if this client reads no job records (an application's own client that
     *                                       does not implement it)
     * @since 1.1
     */
    default JobOutcome outcome(String unique) {
        throw new UnsupportedOperationException(getClass().getName() + " reads no job records");
    }

    /**
     * Waits until the job reaches a final state ({@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED}) or the timeout
     * passes, reading the job record store (every 20 ms at first, then less often, at most every 500 ms).
     *
     * @param handle  the job's handle
     * @param timeout how long to wait at most
     * @return the last outcome read: final, or whatever it was when the time ran out ({@code UNKNOWN} included)
     * @throws GearmanException if interrupted (the interrupt flag is kept)
     * @since 1.1
     */
    default JobOutcome awaitOutcome(JobHandle handle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 20;
        while (true) {
            JobOutcome outcome = outcome(handle);
            long left = deadline - System.nanoTime();
            if (outcome.state().isFinal() || left <= 0) {
                return outcome;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pause, left / 1_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GearmanException("interrupted while waiting for the outcome of " + handle, e);
            }
            pause = Math.min(500, pause * 2);
        }
    }
}
