package io.gearmancdi.worker;

import java.time.Duration;

/**
 * A pool of Gearman worker connections: {@link WorkerOptions#connectionsPerServer()} connections to every server,
 * each running one job at a time. Usable without CDI.
 *
 * <p>Lifecycle: {@link #register} functions, {@link #start()}, then {@link #shutdown(Duration)} or {@link #close()}.
 * Lost connections are re-established with back-off and the functions registered again.
 *
 * <p><b>Concurrency.</b> Thread-safe. Functions run on the worker loops' threads, concurrently up to the number of
 * connections.
 */
public interface GearmanWorker extends AutoCloseable {

    /** Creates a worker; nothing connects before {@link #start()}. */
    static GearmanWorker create(WorkerOptions options) {
        return new io.gearmancdi.worker.internal.DefaultGearmanWorker(options);
    }

    /**
     * Registers a function.
     *
     * @param timeout how long one job may run before it is cancelled and failed, or {@code null} for no limit
     *                (enforced here: gearmand 1.1.20's {@code CAN_DO_TIMEOUT} is unsafe)
     * @throws IllegalStateException if the worker is started, or the name is registered already
     */
    GearmanWorker register(String function, Duration timeout, JobFunction code);

    /** Registers a function without a time limit. */
    default GearmanWorker register(String function, JobFunction code) {
        return register(function, null, code);
    }

    /** Connects to every server and starts serving. */
    void start();

    /**
     * Stops gracefully: stops grabbing jobs, lets jobs in flight finish within {@code timeout}, then closes the
     * connections (a job still running is abandoned and the server gives it to another worker).
     *
     * @return whether every job in flight finished in time
     */
    boolean shutdown(Duration timeout);

    /** {@link #shutdown(Duration)} with the configured shutdown timeout. */
    @Override
    void close();
}
