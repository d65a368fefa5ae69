package io.gearmancdi.client;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.ConnectionSettings;
import io.gearmancdi.protocol.PacketDecoder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Settings of a {@link JobClient}. Immutable; build with {@link #builder()}, change a copy with {@link #mutate()}.
 *
 * <p><b>Every wait has a bound.</b> A foreground call waits at most {@link #timeout()} for its result; a background
 * submission at most {@link #submitTimeout()} for the server to queue it ({@code JOB_CREATED}); a status query at most
 * {@link #statusTimeout()}. An idle connection is probed every {@link #heartbeatInterval()} ({@code ECHO_REQ}), and a
 * server that leaves a request or a probe unanswered for {@link #heartbeatTimeout()} is treated as hung: its connection
 * is closed (pending jobs are resubmitted or failed, per max-retries) and no new submission goes to it until a probe
 * succeeds.
 */
public final class ClientOptions {
    /** Default server list: {@code localhost:4730}. */
    public static final List<ServerAddress> DEFAULT_SERVERS = List.of(new ServerAddress("localhost", ServerAddress.DEFAULT_PORT));
    /** Default TCP connect timeout: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default time a foreground call waits for its result: 60 s ({@code gearman.client.timeout}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Default resubmissions after a lost connection: 0 ({@code gearman.client.max-retries}). */
    public static final int DEFAULT_MAX_RETRIES = 0;
    /** Default first reconnect delay after a failure: 100 ms (doubles up to {@link #DEFAULT_MAX_BACKOFF}). */
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
    /** Default longest reconnect delay: 10 s. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    /**
     * Default time a background submission waits for the server to queue the job: 10 s
     * ({@code gearman.client.submit-timeout}).
     */
    public static final Duration DEFAULT_SUBMIT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time a status query waits for its answer: 10 s ({@code gearman.client.status-timeout}). */
    public static final Duration DEFAULT_STATUS_TIMEOUT = Duration.ofSeconds(10);
    /** Default idle time after which a connection is probed with {@code ECHO_REQ}: 5 s. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    /** Default time a server may leave a request or a probe unanswered before it is treated as hung: 5 s. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

    private final List<ServerAddress> servers;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final int maxRetries;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final String clientId;
    private final int maxPacketSize;
    private final Duration submitTimeout;
    private final Duration statusTimeout;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final Executor completionExecutor;

    private ClientOptions(Builder b) {
        this.servers = b.servers;
        this.connectTimeout = b.connectTimeout;
        this.timeout = b.timeout;
        this.maxRetries = b.maxRetries;
        this.minBackoff = b.minBackoff;
        this.maxBackoff = b.maxBackoff;
        this.clientId = b.clientId;
        this.maxPacketSize = b.maxPacketSize;
        this.submitTimeout = b.submitTimeout;
        this.statusTimeout = b.statusTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.completionExecutor = b.completionExecutor;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder mutate() {
        return new Builder().servers(servers).connectTimeout(connectTimeout).timeout(timeout).maxRetries(maxRetries)
                .backoff(minBackoff, maxBackoff).clientId(clientId).maxPacketSize(maxPacketSize)
                .submitTimeout(submitTimeout).statusTimeout(statusTimeout)
                .heartbeat(heartbeatInterval, heartbeatTimeout).completionExecutor(completionExecutor);
    }

    /** @return the job servers, in configuration order */
    public List<ServerAddress> servers() {
        return servers;
    }

    /** @return the TCP connect timeout */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return how long a foreground call waits for its result unless the submit options say otherwise */
    public Duration timeout() {
        return timeout;
    }

    /** @return how often a foreground job is resubmitted after a lost connection, unless the options say otherwise */
    public int maxRetries() {
        return maxRetries;
    }

    /** @return the first delay before reconnecting to a failed server */
    public Duration minBackoff() {
        return minBackoff;
    }

    /** @return the longest delay before reconnecting to a failed server */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** @return the id sent with {@code SET_CLIENT_ID}, or {@code null} for none */
    public String clientId() {
        return clientId;
    }

    /** @return the largest packet body accepted from a server, in bytes */
    public int maxPacketSize() {
        return maxPacketSize;
    }

    /** @return how long a background submission waits for {@code JOB_CREATED}, unless the submit options say otherwise */
    public Duration submitTimeout() {
        return submitTimeout;
    }

    /** @return how long a status query waits for its answer */
    public Duration statusTimeout() {
        return statusTimeout;
    }

    /** @return the idle time after which a connection is probed with {@code ECHO_REQ} */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** @return how long a server may leave a request or a probe unanswered before it is treated as hung */
    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    /**
     * @return the executor that completes the futures returned by {@link JobClient#submit} and
     *         {@link JobClient#submitBackground} (and so runs their non-async dependent stages), or {@code null} for the
     *         client's own pool
     */
    public Executor completionExecutor() {
        return completionExecutor;
    }

    /** Builder of {@link ClientOptions}; not thread-safe. */
    public static final class Builder {
        private List<ServerAddress> servers = DEFAULT_SERVERS;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration minBackoff = DEFAULT_MIN_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private String clientId;
        private int maxPacketSize = PacketDecoder.DEFAULT_MAX_BODY_SIZE;
        private Duration submitTimeout = DEFAULT_SUBMIT_TIMEOUT;
        private Duration statusTimeout = DEFAULT_STATUS_TIMEOUT;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        private Executor completionExecutor;

        private Builder() {
        }

        /** Sets the job servers. Default {@code localhost:4730}. */
        public Builder servers(List<ServerAddress> servers) {
            this.servers = ConnectionSettings.servers(servers);
            return this;
        }

        /** Sets the job servers from {@code host:port,host:port}. */
        public Builder servers(String servers) {
            return servers(ServerAddress.parseList(servers));
        }

        /** Sets the TCP connect timeout. Default 5 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = ConnectionSettings.positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** Sets the default foreground timeout. Default 60 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = ConnectionSettings.positive(timeout, "timeout");
            return this;
        }

        /** Sets the default number of resubmissions after a lost connection. Default 0. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Sets the reconnect back-off range (doubling with jitter). Default 100 ms to 10 s. */
        public Builder backoff(Duration min, Duration max) {
            ConnectionSettings.backoff(min, max);
            this.minBackoff = min;
            this.maxBackoff = max;
            return this;
        }

        /** Sets the id shown by the server's {@code workers} listing; no whitespace. Default none. */
        public Builder clientId(String clientId) {
            this.clientId = ConnectionSettings.clientId(clientId);
            return this;
        }

        /**
         * Sets how long a background submission waits for the server to queue the job ({@code JOB_CREATED}) before its
         * future fails with a {@link io.gearmancdi.GearmanTimeoutException}; a {@link io.gearmancdi.SubmitOptions#timeout()}
         * overrides it per submission. Default 10 s.
         *
         * @since 0.1.0
         */
        public Builder submitTimeout(Duration submitTimeout) {
            this.submitTimeout = ConnectionSettings.positive(submitTimeout, "submitTimeout");
            return this;
        }

        /**
         * Sets how long {@link JobClient#status} and {@link JobClient#statusByUnique} wait for the answer. Default 10 s.
         *
         * @since 0.1.0
         */
        public Builder statusTimeout(Duration statusTimeout) {
            this.statusTimeout = ConnectionSettings.positive(statusTimeout, "statusTimeout");
            return this;
        }

        /**
         * Sets the heartbeat: a connection on which nothing arrived for {@code interval} is probed with {@code ECHO_REQ};
         * a server that leaves the probe, or any request ({@code JOB_CREATED}, a status), unanswered for {@code timeout}
         * is treated as hung (frozen, not closed): the connection is closed, its jobs resubmitted or failed, and new
         * submissions go to the other servers until a probe of it succeeds. Default 5 s and 5 s.
         *
         * @since 0.1.0
         */
        public Builder heartbeat(Duration interval, Duration timeout) {
            this.heartbeatInterval = ConnectionSettings.positive(interval, "heartbeatInterval");
            this.heartbeatTimeout = ConnectionSettings.positive(timeout, "heartbeatTimeout");
            return this;
        }

        /**
         * Sets the executor that completes the futures the client returns, and so runs their dependent stages added
         * without an executor ({@code thenApply}, {@code whenComplete}, ...), and that calls job listeners. The
         * connection's reader thread never runs them: a callback that blocks cannot stall other jobs. {@code null} (the
         * default) uses the client's own pool of daemon threads ({@code gearman-client-completion-N}, created as
         * needed, closed with the client); an executor given here is never shut down by the client. A direct executor
         * ({@code Runnable::run}) brings back completion on the reader thread, the fastest and only for callbacks that
         * never block.
         *
         * @since 0.1.0
         */
        public Builder completionExecutor(Executor completionExecutor) {
            this.completionExecutor = completionExecutor;
            return this;
        }

        /** Sets the largest packet body accepted from a server. Default 64 MiB. */
        public Builder maxPacketSize(int maxPacketSize) {
            this.maxPacketSize = ConnectionSettings.maxPacketSize(maxPacketSize);
            return this;
        }

        /** @return the options */
        public ClientOptions build() {
            return new ClientOptions(this);
        }

    }
}
