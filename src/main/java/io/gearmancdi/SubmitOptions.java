package io.gearmancdi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How a job is submitted: priority, unique id, timeout, retries, delayed start, listener. Kept apart from the job's
 * arguments, so no argument name is reserved.
 *
 * <p>Immutable; build with {@link #builder()}, change a copy with {@link #mutate()}. {@link #DEFAULTS} leaves everything
 * to the client's configuration.
 */
public final class SubmitOptions {
    /** Default priority: {@link Priority#NORMAL}. */
    public static final Priority DEFAULT_PRIORITY = Priority.NORMAL;
    /** Longest unique id gearmand 1.1.20 keeps intact (it truncates 64 bytes to 63 and refuses more). */
    public static final int MAX_UNIQUE_BYTES = 63;
    /** Options that leave everything to the client's defaults. */
    public static final SubmitOptions DEFAULTS = builder().build();

    private final Priority priority;
    private final String unique;
    private final Duration timeout;
    private final Integer maxRetries;
    private final Instant runAt;
    private final JobListener listener;
    private final boolean immediate;

    private SubmitOptions(Builder b) {
        this.priority = b.priority;
        this.unique = b.unique;
        this.timeout = b.timeout;
        this.maxRetries = b.maxRetries;
        this.runAt = b.runAt;
        this.listener = b.listener;
        this.immediate = b.immediate;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder mutate() {
        Builder b = new Builder();
        b.priority = priority;
        b.unique = unique;
        b.timeout = timeout;
        b.maxRetries = maxRetries;
        b.runAt = runAt;
        b.listener = listener;
        b.immediate = immediate;
        return b;
    }

    /** @return the priority (default {@link Priority#NORMAL}) */
    public Priority priority() {
        return priority;
    }

    /** @return the unique id, or {@code null} to let the client generate a random one */
    public String unique() {
        return unique;
    }

    /** @return how long a foreground call waits for the result, or {@code null} for the client's default */
    public Duration timeout() {
        return timeout;
    }

    /** @return resubmissions after a lost connection, or {@code null} for the client's default */
    public Integer maxRetries() {
        return maxRetries;
    }

    /** @return when a background job may start at the earliest ({@code SUBMIT_JOB_EPOCH}), or {@code null} for now */
    public Instant runAt() {
        return runAt;
    }

    /** @return the listener for progress, data and warnings of a foreground job */
    public JobListener listener() {
        return listener;
    }

    /**
     * @return whether {@link GearmanClient}'s background submission goes out at once even inside an active JTA
     *         transaction (default {@code false}: it waits for the commit)
     */
    public boolean immediate() {
        return immediate;
    }

    /** Builder of {@link SubmitOptions}; not thread-safe. */
    public static final class Builder {
        private Priority priority = DEFAULT_PRIORITY;
        private String unique;
        private Duration timeout;
        private Integer maxRetries;
        private Instant runAt;
        private JobListener listener = JobListener.NONE;
        private boolean immediate;

        private Builder() {
        }

        /** Sets the priority. Default {@link Priority#NORMAL}. Delayed jobs always run at normal priority. */
        public Builder priority(Priority priority) {
            this.priority = Objects.requireNonNull(priority, "priority");
            return this;
        }

        /**
         * Sets the unique id. Jobs of the same function with the same unique id that are queued or running at the same
         * time are merged into one by the server. Default: a random id per submission (no merging).
         *
         * @throws IllegalArgumentException if it is empty, longer than 63 UTF-8 bytes, or contains a NUL byte
         */
        public Builder unique(String unique) {
            if (unique != null) {
                byte[] bytes = unique.getBytes(StandardCharsets.UTF_8);
                if (bytes.length == 0 || bytes.length > MAX_UNIQUE_BYTES || unique.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("unique id must be 1 to " + MAX_UNIQUE_BYTES
                            + " UTF-8 bytes without NUL: '" + unique + "'");
                }
            }
            this.unique = unique;
            return this;
        }

        /** Sets how long a foreground call waits for its result. Default: the client's {@code gearman.client.timeout}. */
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets how many times a foreground job is resubmitted when the connection to its server is lost before it
         * completes. A resubmitted job may run twice. Default: the client's {@code gearman.client.max-retries}.
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Delays a background job until {@code runAt} ({@code SUBMIT_JOB_EPOCH}, second precision). */
        public Builder runAt(Instant runAt) {
            this.runAt = runAt;
            return this;
        }

        /** Receives progress, partial data and warnings of a foreground job. */
        public Builder listener(JobListener listener) {
            this.listener = listener == null ? JobListener.NONE : listener;
            return this;
        }

        /**
         * Submits a background job at once, even inside an active JTA transaction. By default
         * {@link GearmanClient#submitBackground(JobRequest)} called inside one waits until the transaction commits
         * (and submits nothing if it rolls back), so that a worker never sees a job whose data was not committed.
         * Opt out for jobs that must run whatever the transaction's outcome. Outside a transaction, and for the plain
         * {@link io.gearmancdi.client.JobClient}, which knows nothing of transactions, it changes nothing.
         */
        public Builder immediate() {
            this.immediate = true;
            return this;
        }

        /** @return the options */
        public SubmitOptions build() {
            return new SubmitOptions(this);
        }
    }

    @Override
    public String toString() {
        return "SubmitOptions[priority=" + priority + ", unique=" + unique + ", timeout=" + timeout + ", maxRetries="
                + maxRetries + ", runAt=" + runAt + (immediate ? ", immediate" : "") + "]";
    }
}
