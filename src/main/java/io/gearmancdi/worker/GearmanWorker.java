package io.gearmancdi.worker;

import java.time.Duration;

/**
 * A pool of Gearman worker connections: {@link WorkerOptions#connectionsPerServer()} connections to every server,
 * each running one job at a time. Usable without CDI.
 *
 * <p>Lifecycle: {@link #register} functions, {@link #start()}, then {@link #shutdown(Duration)} or {@link #close()}.
 * Lost connections are re-established with back-off and the functions registered again.
 *
 * <p><b>Concurrency.</b> Thread-safe. Functions run on the worker loops' threads (own daemon threads named
 * {@code gearman-worker-host:port-N}, or long-running tasks on {@link WorkerOptions#executor()}), concurrently up to
 * the number of connections.
 */
public interface GearmanWorker extends AutoCloseable {

    /** Creates a worker; nothing connects before {@link #start()}. */
    static GearmanWorker create(WorkerOptions options) {
        return new io.gearmancdi.worker.internal.DefaultGearmanWorker(options);
    }

    /**
     * Registers a function.
     *
     * @param timeout how long one job may run, or {@code null} for no limit. Enforced by the worker, not the server
     *                (gearmand 1.1.20's {@code CAN_DO_TIMEOUT} is unsafe): when it passes, the job fails at once with
     *                failure packets naming {@code io.gearmancdi.GearmanTimeoutException}, the function's thread
     *                is interrupted and {@link WorkerJob#isCancelled()} turns true; what the function returns later is
     *                dropped. The connection takes no other job until the function has returned.
     * @throws IllegalStateException if the worker is started, or the name is registered already
     */
    default GearmanWorker register(String function, Duration timeout, JobFunction code) {
        return register(function, timeout, RetryPolicy.NONE, code);
    }

    /**
     * Registers a function whose failed jobs are retried by {@code retry}; a timed-out attempt counts as a failure
     * (type {@code io.gearmancdi.GearmanTimeoutException}) and is retried like any other. The error handler hears only
     * of final failures; each retried failure is logged.
     *
     * @param timeout how long one attempt may run, or {@code null} for no limit (see
     *                {@link #register(String, Duration, JobFunction)})
     * @since 1.2
     */
    GearmanWorker register(String function, Duration timeout, RetryPolicy retry, JobFunction code);

    /** Registers a function without a time limit. */
    default GearmanWorker register(String function, JobFunction code) {
        return register(function, null, code);
    }

    /**
     * Connects to every server and starts serving. Servers that cannot be reached are retried in the background with
     * back-off; this method does not wait for connections.
     *
     * @throws IllegalStateException if no function is registered, or the worker was started before
     */
    void start();

    /**
     * Stops gracefully: stops grabbing jobs and closes idle connections at once, lets jobs in flight finish within
     * {@code timeout} and sends their outcomes, then closes their connections. Past the timeout the jobs still running
     * are interrupted and their connections closed: the server gives those jobs to another worker. Blocks until done
     * (at most about {@code timeout} plus a one-second grace for loops to notice). Idempotent: later calls return the
     * first call's result. Never shuts down a supplied executor.
     *
     * @return whether every job in flight finished in time and its outcome was sent
     */
    boolean shutdown(Duration timeout);

    /**
     * @return whether the worker is serving as it should: started, not shut down, and no error it cannot survive
     *         (see {@link WorkerOptions.Builder#onFatalError}). Connections that are down and being retried do not make
     *         a worker unhealthy; a health check in a container reports {@code false} as "restart me".
     * @since 1.1
     */
    boolean isHealthy();

    /**
     * A snapshot of every connection: its state, the job it runs, and whether it is wedged (made no progress within
     * the bound of what it waits for: the poll interval asleep, the reply timeout awaiting a reply, the connect timeout
     * or back-off delay when disconnected, the function's time limit running a job, each plus one second of grace).
     * Cheap: reads a few volatile fields per connection, no I/O.
     *
     * @return one entry per connection, empty before {@link #start()}
     * @since 1.1
     */
    default java.util.List<WorkerConnection> connections() {
        return java.util.List.of();
    }

    /** {@link #shutdown(Duration)} with the configured shutdown timeout. */
    @Override
    void close();
}
