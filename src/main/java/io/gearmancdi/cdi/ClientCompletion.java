package io.gearmancdi.cdi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Where the application's {@link io.gearmancdi.GearmanClient} completes its {@code callAsync} stages, so that the
 * application's dependent stages run with its context. In a container with Jakarta Concurrency 3.0, the default
 * {@code ManagedExecutorService} completes the client's futures, and every stage handed to the application is
 * {@code copy}'d by it: dependent stages then run with the context of the thread that called {@code callAsync}
 * (naming, class loader, security...) and their {@code *Async} variants on the managed executor. Under Weld SE there
 * is no such context: the plain client's own completion threads are used and stages are returned as they are.
 *
 * @param executor completes the plain client's futures, or {@code null} for its own threads
 * @param stages   turns the client's future into the stage handed to the application
 */
record ClientCompletion(Executor executor, Stages stages) {

    /** Turns a future of the client into the stage the application receives. */
    interface Stages {
        /** Hands the client's futures over as they are. */
        Stages AS_IS = new Stages() {
            @Override
            public <T> CompletionStage<T> handOver(CompletableFuture<T> future) {
                return future;
            }
        };

        <T> CompletionStage<T> handOver(CompletableFuture<T> future);
    }

    /** Plain: the client's own completion threads, stages as they are (Weld SE). */
    static final ClientCompletion PLAIN = new ClientCompletion(null, Stages.AS_IS);

    /**
     * On the readers ({@code gearman.client.complete-on-reader=true}): futures complete on the thread that read the
     * reply, stages as they are — no hand-off, so no application context in a container either, and a callback that
     * blocks stalls every job of its connection.
     */
    static final ClientCompletion ON_READER = new ClientCompletion(Runnable::run, Stages.AS_IS);

    /**
     * @param onReader {@code gearman.client.complete-on-reader}
     * @return {@link #ON_READER} when asked, else the container's managed executor with context-propagating stages, or
     *         {@link #PLAIN} without one
     */
    static ClientCompletion lookup(boolean onReader) {
        return onReader ? ON_READER : lookup();
    }

    /** @return the container's managed executor with context-propagating stages, or {@link #PLAIN} without one */
    static ClientCompletion lookup() {
        ManagedExecutorSupport.Found managed = ManagedExecutorSupport.find();
        return managed == null ? PLAIN : managed.clientCompletion();
    }
}
