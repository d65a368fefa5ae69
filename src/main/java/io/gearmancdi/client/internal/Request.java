package io.gearmancdi.client.internal;

import io.gearmancdi.JobHandle;
import io.gearmancdi.JobStatus;
import io.gearmancdi.SubmitOptions;

import java.util.concurrent.CompletableFuture;

/**
 * A request awaiting its in-order reply on one connection (JOB_CREATED, STATUS_RES, OPTION_RES or ERROR): gearmand
 * answers the requests of a connection strictly in the order it received them.
 */
sealed interface Request {

    /** A foreground submission: the reply gives the job its handle. */
    record Foreground(ForegroundJob job) implements Request {
    }

    /** A background submission: the reply completes the caller's future with the handle. */
    final class Background implements Request {
        final String function;
        final String unique;
        final byte[] payload;
        final SubmitOptions options;
        final CompletableFuture<JobHandle> future = new CompletableFuture<>();
        int retriesLeft;
        volatile DeadlineTimer.Entry timeout;

        Background(String function, String unique, byte[] payload, SubmitOptions options, int retries) {
            this.function = function;
            this.unique = unique;
            this.payload = payload;
            this.options = options;
            this.retriesLeft = retries;
        }
    }

    /** GET_STATUS or GET_STATUS_UNIQUE. */
    record Status(CompletableFuture<JobStatus> future, boolean byUnique) implements Request {
    }

    /** OPTION_REQ exceptions, sent on connect; failure is tolerated. */
    record Option() implements Request {
    }
}
