package io.gearmancdi.client;

import io.gearmancdi.JobHandle;
import io.gearmancdi.JobStatus;
import io.gearmancdi.SubmitOptions;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A plain-Java Gearman client: submits jobs as bytes to one or more job servers. Usable without CDI; the CDI layer's
 * {@link io.gearmancdi.GearmanClient} is built on it.
 *
 * <p><b>Concurrency.</b> Thread-safe. One connection per server carries many jobs at once (pipelined): replies to
 * submissions are matched in order, job results by handle. Submissions are spread over the servers (by unique id when
 * one is given, so that equal uniques meet on the same server; round robin otherwise) and fail over to the next server
 * when one is down.
 *
 * <p><b>Threads.</b> The caller's thread encodes and writes each request. One reader thread per connection reads the
 * replies and runs no application code: the futures returned by {@link #submit} and {@link #submitBackground}, and
 * {@link io.gearmancdi.JobListener}s, run on the {@linkplain ClientOptions#completionExecutor() completion executor},
 * so dependent stages and listeners may block without stalling other jobs; {@link #call} without a listener
 * completes in place and wakes the caller. Deadlines, heartbeats and back-offs run on one timer thread per client.
 *
 * <p><b>Bounds.</b> Every wait ends: a result after {@link ClientOptions#timeout()}, a background submission's
 * {@code JOB_CREATED} after {@link ClientOptions#submitTimeout()} (both overridden by {@link SubmitOptions#timeout()}),
 * a status after {@link ClientOptions#statusTimeout()}; a server that leaves requests or heartbeats unanswered for
 * {@link ClientOptions#heartbeatTimeout()} is treated as hung and gets no new jobs until it answers again.
 *
 * <p><b>Failures.</b> Futures complete exceptionally with {@link io.gearmancdi.GearmanJobException} (the job threw),
 * {@link io.gearmancdi.GearmanJobFailedException} ({@code WORK_FAIL}), {@link io.gearmancdi.GearmanTimeoutException},
 * {@link io.gearmancdi.GearmanConnectionException} (connection lost before the result and no retry left) or
 * {@link io.gearmancdi.GearmanServerException} (the server refused the job).
 */
public interface JobClient extends AutoCloseable {

    /** Creates a client. Connections are opened lazily, on first use of each server. */
    static JobClient create(ClientOptions options) {
        return new io.gearmancdi.client.internal.DefaultJobClient(options);
    }

    /**
     * Submits a foreground job.
     *
     * @return the result bytes of {@code WORK_COMPLETE}; the future fails as described on the type
     */
    CompletableFuture<byte[]> submit(String function, byte[] payload, SubmitOptions options);

    /** Submits a foreground job and waits for its result (at most the options' or the client's timeout). */
    byte[] call(String function, byte[] payload, SubmitOptions options);

    /**
     * Submits a background job: the future completes with its handle as soon as the server has queued it, or fails
     * with {@link io.gearmancdi.GearmanTimeoutException} when the server has not confirmed it within the options'
     * timeout, else {@link ClientOptions#submitTimeout()}. Honours priority, unique and {@link SubmitOptions#runAt()}.
     */
    CompletableFuture<JobHandle> submitBackground(String function, byte[] payload, SubmitOptions options);

    /**
     * Submits many foreground jobs at once (pipelined) and returns their futures in the same order. Use
     * {@code CompletableFuture.allOf} to wait for all.
     */
    List<CompletableFuture<byte[]>> submitAll(List<JobSpec> jobs);

    /** Asks the job's server for its status ({@code GET_STATUS}), within {@link ClientOptions#statusTimeout()}. */
    JobStatus status(JobHandle handle);

    /**
     * Removes a queued job from its server (the admin command {@code cancel job}, on a short connection of its own to
     * the server that created the handle): it will not run, and clients waiting for it get {@code WORK_FAIL}.
     *
     * <p>A job that is already running is <b>not interrupted</b> and this returns {@code false}: gearmand has no way to
     * stop a worker. The status is asked before and after the cancel (gearmand 1.1.20 answers {@code OK} for a running
     * job too), so {@code true} means that the job was queued and no worker had it. Only in a narrow race, when a
     * worker grabs the job and ends it between the cancel and the check after it, can a job that ran be reported as
     * removed. Cancelling a cancelled job again returns {@code true} on gearmand (it keeps the job, flagged, until a
     * worker would have taken it) and {@code false} on the embedded server.
     *
     * @return {@code true} if the job was queued and has been removed; {@code false} if the server does not know the
     *         handle (never queued there, already done, or the server restarted) or the job is running
     * @throws IllegalArgumentException if the handle belongs to a server this client does not use, or is empty or
     *                                  contains whitespace (the admin protocol could not name it)
     * @throws io.gearmancdi.GearmanTimeoutException    if the server does not answer within
     *                                                  {@link ClientOptions#statusTimeout()}
     * @throws io.gearmancdi.GearmanConnectionException if the server cannot be reached
     */
    boolean cancel(JobHandle handle);

    /**
     * Asks for the status of the job with this unique id ({@code GET_STATUS_UNIQUE}), on the server the client would
     * route that unique to.
     */
    JobStatus statusByUnique(String unique);

    /**
     * Closes every connection; pending futures fail with a connection exception. When it returns, they have failed and
     * the client's reader threads have ended (it waits a few seconds at most for a completion callback still running on
     * one). Idempotent.
     */
    @Override
    void close();

    /**
     * One job of a batch.
     *
     * @param function the function name
     * @param payload  the payload bytes
     * @param options  submit options
     */
    record JobSpec(String function, byte[] payload, SubmitOptions options) {
    }
}
