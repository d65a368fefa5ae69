package io.gearmancdi.cdi;

import io.gearmancdi.WorkerExecutorProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    /** Where Jakarta EE containers bind their default managed executor. */
    static final String DEFAULT_MES = "java:comp/DefaultManagedExecutorService";
    /**
     * The same executor under the servers' own global names, tried when {@link #DEFAULT_MES} is not there: code in an
     * EAR's {@code lib/} starts on a deployment thread without a {@code java:comp} of its own in WildFly (verified
     * with WildFly 39: NameNotFoundException there, while its global name works); Payara has {@code java:comp} there.
     */
    static final List<String> SERVER_MES = List.of(
            "java:jboss/ee/concurrency/executor/default",    // WildFly
            "concurrent/__defaultManagedExecutorService");   // Payara, GlassFish

    private final Executor executor;
    private final ExecutorService owned;

    DefaultWorkerExecutorProvider() {
        Executor managed = null;
        String name = DEFAULT_MES;
        for (String candidate : candidates()) {
            managed = ManagedExecutorSupport.lookup(candidate);
            if (managed != null) {
                name = candidate;
                break;
            }
        }
        if (managed != null) {
            CdiMessages.managedExecutor(name);
            this.executor = managed;
            this.owned = null;
        } else {
            CdiMessages.ownThreads(DEFAULT_MES);
            this.owned = Executors.newCachedThreadPool(new WorkerThreads());
            this.executor = owned;
        }
    }

    private static List<String> candidates() {
        List<String> names = new ArrayList<>();
        names.add(DEFAULT_MES);
        names.addAll(SERVER_MES);
        return names;
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
