package io.gearmancdi.worker.internal;

import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.GearmanTimeoutException;
import io.gearmancdi.worker.WorkerJob;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link io.gearmancdi.worker.JobErrorHandler}: logs failed jobs so that a log stays readable when a caller
 * keeps sending bad payloads or a job keeps failing the same way.
 * <ul>
 *   <li>A caller's mistake (the payload could not be bound: {@link GearmanPayloadException}) and a time limit
 *   ({@link GearmanTimeoutException}) are one line with the message: their stack traces only show the library.</li>
 *   <li>Anything else the job threw is logged with its stack trace, which points at the job's code.</li>
 *   <li>The same failure (function, exception class and message) is logged at most once per
 *   {@linkplain #WINDOW_NANOS minute}; the next time it is logged after that, with how many were left out.</li>
 * </ul>
 * Thread-safe.
 */
final class JobFailureLog {
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Distinct failures remembered at once; beyond that the memory starts over (a few repeats may then be logged). */
    private static final int MAX_KEYS = 1024;

    private final Map<Key, Seen> seen = new HashMap<>(); // guarded by itself

    private record Key(String function, String type, String message) {
    }

    private static final class Seen {
        long loggedAt;
        int suppressed;
    }

    void report(WorkerJob job, Throwable error) {
        Key key = new Key(job.function(), error.getClass().getName(), error.getMessage());
        long now = System.nanoTime();
        int suppressed;
        synchronized (seen) {
            Seen s = seen.get(key);
            if (s == null) {
                if (seen.size() >= MAX_KEYS) {
                    seen.clear();
                }
                s = new Seen();
                seen.put(key, s);
                s.loggedAt = now;
                suppressed = 0;
            } else if (now - s.loggedAt < WINDOW_NANOS) {
                s.suppressed++;
                return;
            } else {
                suppressed = s.suppressed;
                s.suppressed = 0;
                s.loggedAt = now;
            }
        }
        if (error instanceof GearmanPayloadException || error instanceof GearmanTimeoutException) {
            WorkerMessages.jobRejected(job, error, suppressed);
        } else {
            WorkerMessages.jobFailed(job, error, suppressed);
        }
    }
}
