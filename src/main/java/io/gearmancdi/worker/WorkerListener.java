package io.gearmancdi.worker;

/**
 * Told how every job ended on a worker, for metrics. Set with {@link WorkerOptions.Builder#listener}.
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
    void jobEnded(String function, JobOutcome outcome, long durationNanos);
}
