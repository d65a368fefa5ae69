package io.gearmancdi;

import java.util.concurrent.Executor;

/**
 * Supplies the executor that runs the worker loops of {@code @GearmanJob} methods: one long-running task per worker
 * connection ({@code gearman.worker.count} per server). Declare a CDI bean of this type to choose it yourself.
 *
 * <p>Without such a bean, gearman-cdi uses the container's {@code java:comp/DefaultManagedExecutorService}, submitting
 * each loop as a managed task with {@code ManagedTask.LONGRUNNING_HINT}; where there is none (Weld SE) it uses threads
 * of its own, which it stops on shutdown.
 *
 * <p>The library never shuts down an executor it did not create.
 */
@FunctionalInterface
public interface WorkerExecutorProvider {
    /**
     * @return the executor for the worker loops; it must be able to run every loop at once (one thread each) and
     *         should treat the tasks as long-running
     */
    Executor workerExecutor();
}
