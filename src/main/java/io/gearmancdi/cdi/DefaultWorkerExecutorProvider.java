package io.gearmancdi.cdi;

import io.gearmancdi.WorkerExecutorProvider;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link WorkerExecutorProvider} used when the application declares none: the container's
 * {@code java:comp/DefaultManagedExecutorService} (each loop submitted as a long-running managed task), else — under
 * Weld SE — a thread per loop of our own, stopped by {@link #close(Duration)}. Not a bean: the
 * {@link WorkerManager} creates and closes it.
 */
final class DefaultWorkerExecutorProvider implements WorkerExecutorProvider {
    private final Executor executor;
    private final ExecutorService owned;

    DefaultWorkerExecutorProvider() {
        ManagedExecutorSupport.Found managed = ManagedExecutorSupport.find();
        if (managed != null) {
            CdiMessages.managedExecutor(managed.name());
            this.executor = managed.longRunningTasks();
            this.owned = null;
        } else {
            CdiMessages.ownThreads(ManagedExecutorSupport.DEFAULT_MES);
            this.owned = Executors.newCachedThreadPool(new WorkerThreads());
            this.executor = owned;
        }
    }

    @Override
    public Executor workerExecutor() {
        return executor;
    }

    /** @return whether the loops run on the container's managed executor */
    boolean isManaged() {
        return owned == null;
    }

    /** Stops our own threads, if any, waiting at most {@code timeout}; never touches the container's executor. */
    void close(Duration timeout) {
        if (owned == null) {
            return;
        }
        owned.shutdown();
        try {
            if (!owned.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                owned.shutdownNow();
            }
        } catch (InterruptedException e) {
            owned.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "gearman-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
