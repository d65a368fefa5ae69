package io.gearmancdi.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Completes the futures the client hands to applications, off the threads that must never block: a connection's
 * reader and the client's timer. Completing a future runs its non-async dependent stages on the completing thread, so
 * the reader would otherwise run application code, and a callback that blocks would stall every job on its connection.
 *
 * <p>Futures that never leave the library (a synchronous {@code call}, a status query) are completed in place: only
 * the caller's {@code join} waits on them. Once the client is closing, everything is completed in place, so that
 * {@code close()} returns with every pending future failed.
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
