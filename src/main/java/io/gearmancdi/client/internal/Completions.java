package io.gearmancdi.client.internal;

import io.gearmancdi.protocol.PacketType;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Completes the futures the client hands to applications, off the threads that must never block: a connection's
 * reader and the client's timer. Completing a future runs its non-async dependent stages on the completing thread, so
 * the reader would otherwise run application code, and a callback that blocks would stall every job on its connection.
 *
 * <p>Futures that never leave the library (a synchronous {@code call}, a status query) are completed in place: only
 * the caller's {@code join} waits on them. Once the client is closing, everything is completed in place, so that
 * {@code close()} returns with every pending future failed.
 *
 * <p>A waiter with a {@link io.gearmancdi.JobListener} has a {@link Lane}: its listener's events and then its
 * completion run there one at a time, in arrival order, on the executor, so a listener sees every event before the
 * future completes and never runs on the reader either.
 */
final class Completions {
    private final Executor executor;
    private final ForkJoinPool own;
    private volatile boolean closing;

    /** @param configured the application's executor, or {@code null} for a pool of the client's own */
    Completions(Executor configured) {
        if (configured != null) {
            this.executor = configured;
            this.own = null;
        } else {
            // a fork-join pool hands a task to an idle thread more cheaply than a ThreadPoolExecutor's locked queue;
            // FIFO (async mode); max(2, cores) threads, idle ones end after a minute; a callback that joins another
            // future gets a spare thread (managed blocking), one that blocks otherwise holds its thread
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            this.own = new ForkJoinPool(threads, new CompletionThreads(), null, true);
            this.executor = own;
        }
    }

    /** @return a lane for a waiter whose listener must see events in order, before its completion */
    Lane newLane() {
        return new Lane();
    }

    /** Completes a foreground waiter, after its listener's pending events. */
    void complete(ForegroundJob.Waiter waiter, byte[] value) {
        if (waiter.lane != null && !closing) {
            waiter.lane.add(() -> waiter.future.complete(value));
        } else {
            complete(waiter.future, value, waiter.inPlace);
        }
    }

    /** Fails a foreground waiter, after its listener's pending events. */
    void fail(ForegroundJob.Waiter waiter, Throwable error) {
        if (waiter.lane != null && !closing) {
            waiter.lane.add(() -> waiter.future.completeExceptionally(error));
        } else {
            fail(waiter.future, error, waiter.inPlace);
        }
    }

    /** Runs a listener callback in the waiter's lane; what it throws (an {@code Error} too) is logged. */
    void listen(ForegroundJob.Waiter waiter, PacketType type, ForegroundJob job, Runnable callback) {
        Runnable guarded = () -> {
            try {
                callback.run();
            } catch (RuntimeException | Error e) {
                // an application's bug (an AssertionError, say) must not affect the job or the connection
                ClientMessages.listenerFailed(type, job, e);
            }
        };
        if (waiter.lane != null && !closing) {
            waiter.lane.add(guarded);
        } else {
            guarded.run();
        }
    }

    <T> void complete(CompletableFuture<T> future, T value, boolean inPlace) {
        if (inPlace || closing) {
            future.complete(value);
        } else {
            run(() -> future.complete(value), future);
        }
    }

    void fail(CompletableFuture<?> future, Throwable error, boolean inPlace) {
        if (inPlace || closing) {
            future.completeExceptionally(error);
        } else {
            run(() -> future.completeExceptionally(error), future);
        }
    }

    private void run(Runnable completion, CompletableFuture<?> future) {
        if (future.isDone()) {
            return; // timed out meanwhile: completing it again would do nothing
        }
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run(); // the application's executor is shutting down: the result must still be delivered
        }
    }

    /** From now on completes in place (the client is closing); then stops the client's own pool, if any. */
    void close() {
        closing = true;
        if (own != null) {
            own.shutdown(); // what was handed over still runs
        }
    }

    /** Runs its tasks one at a time, in the order added, on the executor; holds no thread while empty. */
    final class Lane implements Runnable {
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();

        private Lane() {
        }

        void add(Runnable task) {
            tasks.add(task);
            schedule();
        }

        private void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    executor.execute(this);
                } catch (RejectedExecutionException e) {
                    run(); // the application's executor is shutting down: deliver anyway
                }
            }
        }

        @Override
        public void run() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            scheduled.set(false);
            if (!tasks.isEmpty()) {
                schedule(); // added between the last poll and the reset
            }
        }
    }

    private static final class CompletionThreads implements ForkJoinPool.ForkJoinWorkerThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("gearman-client-completion-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
