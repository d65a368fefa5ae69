package io.gearmancdi.worker;

import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.protocol.internal.Backoff;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * How a registered function's failed jobs are retried by the worker (gearmand never retries a job that reported a
 * failure, so retries are the worker's to do). Immutable; build with {@link #builder()}; {@link #NONE} never retries.
 *
 * <p><b>Attempts.</b> A job gets at most {@code 1 + retries} attempts. A failure is retried when attempts remain and
 * {@link Builder#retryOn(Predicate) retryOn} accepts it; a {@link GearmanPayloadException} (the caller's bad payload)
 * is never retried, whatever the predicate says. The attempt number is {@link WorkerJob#attempt()}.
 *
 * <p><b>Back-off.</b> Before attempt {@code n + 1} the worker waits {@link #delay(int) delay(n)}: exponential, doubling
 * from {@link #backoff()}, with jitter, never above {@link #maxBackoff()}.
 *
 * <p><b>Where a retry runs.</b> A job with a waiting client (foreground), or whose kind the worker cannot learn (an
 * empty unique id, or no {@link AttemptCodec}), is retried in place: the worker sends the client a
 * {@code WORK_WARNING} {@code "attempt 2 of 3 after <type>: <message>"}, waits the back-off and runs the function
 * again under the same handle. A background job (no client waiting, learnt with {@code GET_STATUS_UNIQUE}) is retried
 * as a new delayed background job ({@code SUBMIT_JOB_EPOCH}) on the same server, the same function, the unique id
 * {@link #retryUnique(String, int)} and the payload marked by the {@link AttemptCodec} with the next attempt number;
 * it is submitted <em>before</em> the failed attempt is ended, so a worker that dies in between loses nothing (the
 * server requeues the failed attempt, which then runs once more). Epoch jobs run on whole seconds, normal priority.
 */
public final class RetryPolicy {
    /** Default first back-off: 1 s. */
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    /** Default longest back-off: 10 minutes. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);
    /** Longest unique id gearmand keeps whole (a 64-byte one is silently truncated): the client's limit. */
    public static final int MAX_UNIQUE_BYTES = SubmitOptions.MAX_UNIQUE_BYTES;
    /** Never retries. */
    public static final RetryPolicy NONE = builder().build();

    private final int retries;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final Backoff schedule; // null for a zero back-off
    private final Predicate<Throwable> retryOn;
    private final AttemptCodec attemptCodec;
    private final JobErrorHandler finalFailureHandler;

    private RetryPolicy(Builder b) {
        this.retries = b.retries;
        this.backoff = b.backoff;
        this.maxBackoff = b.maxBackoff;
        this.schedule = b.backoff.isZero() ? null : new Backoff(b.backoff, b.maxBackoff);
        this.retryOn = b.retryOn;
        this.attemptCodec = b.attemptCodec;
        this.finalFailureHandler = b.finalFailureHandler;
    }

    /** @return a builder with the defaults (no retries) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return retries after the first attempt */
    public int retries() {
        return retries;
    }

    /** @return attempts at most: {@code 1 + retries} */
    public int maxAttempts() {
        return retries + 1;
    }

    /** @return the first back-off */
    public Duration backoff() {
        return backoff;
    }

    /** @return the longest back-off */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** @return how the attempt number travels in a background retry's payload, or {@code null} */
    public AttemptCodec attemptCodec() {
        return attemptCodec;
    }

    /** @return told once per job that failed for good, after the worker's error handler, or {@code null} */
    public JobErrorHandler finalFailureHandler() {
        return finalFailureHandler;
    }

    /**
     * @param failure what an attempt failed with
     * @param attempt the attempt that failed (1-based)
     * @return whether another attempt follows
     */
    public boolean retries(Throwable failure, int attempt) {
        return attempt < maxAttempts() && !(failure instanceof GearmanPayloadException) && retryOn.test(failure);
    }

    /**
     * The back-off after {@code failures} failed attempts, by the library's one back-off policy: the ceiling
     * {@code c = min(maxBackoff, backoff * 2^(n-1))}, the delay drawn uniformly from {@code [max(backoff, c/2), c]} (so
     * never above {@code maxBackoff}; the first is exactly {@code backoff}). Zero for {@code failures <= 0} or a zero
     * back-off.
     */
    public Duration delay(int failures) {
        return Duration.ofNanos(delayNanos(failures, ThreadLocalRandom.current().nextDouble()));
    }

    /** {@link #delay(int)} for a given draw in {@code [0, 1]} (0 gives the ceiling), for tests. */
    public long delayNanos(int failures, double random) {
        // the library's one back-off policy (as for reconnects); a zero back-off retries at once
        return schedule == null ? 0 : schedule.delayNanos(failures, random);
    }

    /**
     * The unique id of a background retry: {@code <base>#<attempt>}, where {@code <base>} is the unique id the first
     * attempt had (a retry's own {@code #<n>} suffix is replaced, not stacked). gearmand merges submissions with equal
     * (function, unique) while a job holding it is queued or running, and the failed attempt still holds its unique
     * while the retry is submitted, so the retry needs one of its own. When {@code <base>#<attempt>} exceeds
     * {@link #MAX_UNIQUE_BYTES} UTF-8 bytes, {@code <base>} is replaced by the hex SHA-256 of it (first 40 digits).
     *
     * @param unique  the unique id of the attempt that failed (non-empty)
     * @param attempt the number of the attempt to submit (2 or more)
     */
    public static String retryUnique(String unique, int attempt) {
        String base = unique;
        if (attempt > 2) {
            String previous = "#" + (attempt - 1);
            if (base.endsWith(previous)) {
                base = base.substring(0, base.length() - previous.length());
            }
        }
        String suffix = "#" + attempt;
        String candidate = base + suffix;
        if (candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_UNIQUE_BYTES) {
            return candidate;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(base.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 40) + suffix;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "RetryPolicy[retries=" + retries + ", backoff=" + backoff + ", maxBackoff=" + maxBackoff + "]";
    }

    /**
     * Marks the attempt number in a job's payload, so that a background retry, which is a new job, knows which attempt
     * it is. The CDI layer uses the envelope's {@code "meta": {"attempt": N}}.
     */
    public interface AttemptCodec {
        /**
         * @return the attempt number the payload carries, 1 when it carries none
         * @throws GearmanPayloadException if the mark is there but malformed (the job then fails, not retried)
         */
        int attempt(byte[] payload);

        /** @return the payload marked with {@code attempt} (any earlier mark replaced) */
        byte[] withAttempt(byte[] payload, int attempt);

        /**
         * The payload of a background retry: marked with {@code attempt} and, by codecs that keep it, with the unique
         * id of the job's first attempt (a retry has a unique id of its own, {@link #retryUnique(String, int)}), so
         * that every attempt can be told apart as the same job. By default only the attempt is marked.
         *
         * @param unique the unique id of the attempt that failed (the first attempt's, or a retry's)
         */
        default byte[] withAttempt(byte[] payload, int attempt, String unique) {
            return withAttempt(payload, attempt);
        }
    }

    /** Builder of {@link RetryPolicy}; not thread-safe. */
    public static final class Builder {
        private int retries;
        private Duration backoff = DEFAULT_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Predicate<Throwable> retryOn = t -> true;
        private AttemptCodec attemptCodec;
        private JobErrorHandler finalFailureHandler;

        private Builder() {
        }

        /** Sets the retries after the first attempt, 0 or more. Default 0. */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative: " + retries);
            }
            this.retries = retries;
            return this;
        }

        /** Sets the first back-off and the longest; zero or longer, {@code max >= first}. Default 1 s and 10 min. */
        public Builder backoff(Duration first, Duration max) {
            Objects.requireNonNull(first, "backoff");
            Objects.requireNonNull(max, "maxBackoff");
            if (first.isNegative() || max.isNegative()) {
                throw new IllegalArgumentException("back-off must not be negative: " + first + ", " + max);
            }
            if (max.compareTo(first) < 0) {
                throw new IllegalArgumentException("maxBackoff " + max + " is shorter than backoff " + first);
            }
            this.backoff = first;
            this.maxBackoff = max;
            return this;
        }

        /** Sets which failures are retried. Default all ({@link GearmanPayloadException} never is). */
        public Builder retryOn(Predicate<Throwable> retryOn) {
            this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
            return this;
        }

        /** Sets how background retries carry their attempt number; without one every retry runs in place. */
        public Builder attemptCodec(AttemptCodec codec) {
            this.attemptCodec = codec;
            return this;
        }

        /**
         * Sets the handler told once per job that failed for good (last attempt, not retryable, bad payload), on the
         * connection's thread <em>before</em> the job's failure is sent (so that what it hands on, such as a dead
         * letter, is not lost if the worker dies just then), or for a time limit on the timer thread just after.
         */
        public Builder onFinalFailure(JobErrorHandler handler) {
            this.finalFailureHandler = handler;
            return this;
        }

        /** @return the policy */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
