package io.gearmancdi.worker;

/**
 * Told how every job ended on a worker, for metrics, and when a job server becomes unreachable and reachable again. Set with {@link WorkerOptions.Builder#listener}.
 *
 * <p>Called on the job's connection thread (for a time limit, on the worker's timer thread) right after the outcome
 * was decided, on the job path: an implementation must be quick and non-blocking (a few atomic increments) and should
 * not throw; if it does, the exception is ignored and the worker keeps running.
 *
 * @since 1.1
 */
@FunctionalInterface
public interface WorkerListener {
    /**
     * @param function      the function name on the job server
     * @param outcome       how the job ended
     * @param durationNanos how long the function ran ({@code 0} when it never ran, e.g. a payload too big)
     */
    void jobEnded(String function, AttemptOutcome outcome, long durationNanos);

    /**
     * A job server became unreachable for this worker: the first of its connections to it failed (once per outage,
     * however many connections and retries). Called on that connection's thread; must not block.
     *
     * @param server the job server
     * @param cause  why the connection failed
     */
    default void serverDown(io.gearmancdi.ServerAddress server, Exception cause) {
    }

    /**
     * A job server is reachable again after {@link #serverDown}: every connection that had failed is connected and has
     * its functions registered. Called on the last such connection's thread; must not block.
     *
     * @param server the job server
     */
    default void serverUp(io.gearmancdi.ServerAddress server) {
    }
}
