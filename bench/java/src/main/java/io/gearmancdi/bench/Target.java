package io.gearmancdi.bench;

import java.util.concurrent.CompletableFuture;

/** What a contender's client offers the benchmark driver ({@link ClientRun}). */
interface Target extends AutoCloseable {
    /** Submits a foreground job; the future completes with the result bytes. */
    CompletableFuture<byte[]> submit(String unique, byte[] payload);

    /** Submits a background job; the future completes when the server has queued it (JOB_CREATED). */
    CompletableFuture<?> submitBackground(String unique, byte[] payload);

    /** Runs one foreground job synchronously. */
    byte[] call(String unique, byte[] payload) throws Exception;

    /** @return whether this failure ends the run (a lost connection) rather than counting as a job error */
    default boolean isFatal(Throwable failure) {
        return false;
    }

    @Override
    void close();
}
