package io.gearmancdi.worker;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.ConnectionSettings;
import io.gearmancdi.protocol.PacketDecoder;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Settings of a {@link GearmanWorker}. Immutable; build with {@link #builder()}, change a copy with {@link #mutate()}.
 */
public final class WorkerOptions {
    /** Default server list: {@code localhost:4730}. */
    public static final List<ServerAddress> DEFAULT_SERVERS = List.of(new ServerAddress("localhost", ServerAddress.DEFAULT_PORT));
    /** Default worker connections per server: 1 ({@code gearman.worker.count}). */
    public static final int DEFAULT_CONNECTIONS_PER_SERVER = 1;
    /**
     * Default idle re-poll interval: 1 s ({@code gearman.worker.poll-interval}). gearmand 1.1.20 does not announce due
     * epoch jobs, so an idle connection asks again at this interval: a delayed job runs at most about this much late,
     * which matches the whole-second resolution of epoch jobs. The cost is one {@code GRAB_JOB_UNIQ}/{@code NO_JOB}/
     * {@code PRE_SLEEP} exchange (three packets of 12 bytes) per idle connection per interval: a thousand idle
     * connections make 3,000 small packets a second, a small fraction of what one gearmand thread handles.
     */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /**
     * Default bound on waiting for a server's reply: 10 s. A connection waiting longer for the answer to a
     * {@code GRAB_JOB*} (including the re-poll that every idle connection sends each poll interval) is presumed dead
     * (a frozen server, a silently dropped route), closed, and opened again with back-off.
     */
    public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(10);
    /** Default drain bound on shutdown: 30 s ({@code gearman.worker.shutdown-timeout}). */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** Default TCP connect timeout: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default first reconnect delay: 100 ms, doubling with jitter up to {@link #DEFAULT_MAX_BACKOFF}. */
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
    /** Default longest reconnect delay: 10 s. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    private final List<ServerAddress> servers;
    private final int connectionsPerServer;
    private final Duration pollInterval;
    private final Duration replyTimeout;
    private final Duration shutdownTimeout;
    private final Duration connectTimeout;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final String clientId;
    private final int maxPacketSize;
    private final Executor executor;
    private final JobErrorHandler errorHandler;
    private final Consumer<Throwable> fatalErrorHandler;
    private final WorkerListener listener;

    private WorkerOptions(Builder b) {
        this.servers = b.servers;
        this.connectionsPerServer = b.connectionsPerServer;
        this.pollInterval = b.pollInterval;
        this.replyTimeout = b.replyTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.connectTimeout = b.connectTimeout;
        this.minBackoff = b.minBackoff;
        this.maxBackoff = b.maxBackoff;
        this.clientId = b.clientId;
        this.maxPacketSize = b.maxPacketSize;
        this.executor = b.executor;
        this.errorHandler = b.errorHandler;
        this.fatalErrorHandler = b.fatalErrorHandler;
        this.listener = b.listener;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder mutate() {
        return new Builder().servers(servers).connectionsPerServer(connectionsPerServer).pollInterval(pollInterval)
                .replyTimeout(replyTimeout).shutdownTimeout(shutdownTimeout).connectTimeout(connectTimeout)
                .backoff(minBackoff, maxBackoff).clientId(clientId).maxPacketSize(maxPacketSize).executor(executor)
                .errorHandler(errorHandler).onFatalError(fatalErrorHandler).listener(listener);
    }

    /** @return the job servers; every worker connects to all of them */
    public List<ServerAddress> servers() {
        return servers;
    }

    /** @return worker connections per server, each running one job at a time */
    public int connectionsPerServer() {
        return connectionsPerServer;
    }

    /** @return how often an idle connection asks for work even without a wake-up */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** @return how long a connection waits for a server's reply before it presumes the server dead */
    public Duration replyTimeout() {
        return replyTimeout;
    }

    /** @return how long shutdown waits for jobs in flight */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** @return the TCP connect timeout */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the first reconnect delay */
    public Duration minBackoff() {
        return minBackoff;
    }

    /** @return the longest reconnect delay */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** @return the id sent with {@code SET_CLIENT_ID}, or {@code null} */
    public String clientId() {
        return clientId;
    }

    /** @return the largest packet body accepted from a server */
    public int maxPacketSize() {
        return maxPacketSize;
    }

    /**
     * @return the executor that runs the worker loops (one long-running task per connection), or {@code null} for
     *         threads the worker creates and owns. A supplied executor is never shut down by the worker.
     */
    public Executor executor() {
        return executor;
    }

    /** @return the handler told about failed jobs, or {@code null} for the default (log at WARNING) */
    public JobErrorHandler errorHandler() {
        return errorHandler;
    }

    /**
     * @return the handler told once when the worker meets an error it cannot survive, or {@code null} for the default
     *         (log at ERROR; {@link GearmanWorker#isHealthy()} turns false either way)
     */
    public Consumer<Throwable> fatalErrorHandler() {
        return fatalErrorHandler;
    }

    /**
     * @return told how every job ended (for metrics), or {@code null}
     * @since 1.1
     */
    public WorkerListener listener() {
        return listener;
    }

    /** Builder of {@link WorkerOptions}; not thread-safe. */
    public static final class Builder {
        private List<ServerAddress> servers = DEFAULT_SERVERS;
        private int connectionsPerServer = DEFAULT_CONNECTIONS_PER_SERVER;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration replyTimeout = DEFAULT_REPLY_TIMEOUT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration minBackoff = DEFAULT_MIN_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private String clientId;
        private int maxPacketSize = PacketDecoder.DEFAULT_MAX_BODY_SIZE;
        private Executor executor;
        private JobErrorHandler errorHandler;
        private Consumer<Throwable> fatalErrorHandler;
        private WorkerListener listener;

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

        /** Sets the worker connections per server. Default 1. */
        public Builder connectionsPerServer(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("connectionsPerServer must be at least 1: " + count);
            }
            this.connectionsPerServer = count;
            return this;
        }

        /** Sets the idle re-poll interval. Default 1 s (see {@link #DEFAULT_POLL_INTERVAL}). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = ConnectionSettings.positive(pollInterval, "pollInterval");
            return this;
        }

        /**
         * Sets how long a connection waits for a server's reply before it presumes the server dead. Default 10 s.
         * A frozen server is noticed within about the poll interval plus this bound.
         *
         * @since 1.1
         */
        public Builder replyTimeout(Duration replyTimeout) {
            this.replyTimeout = ConnectionSettings.positive(replyTimeout, "replyTimeout");
            return this;
        }

        /** Sets the drain bound on shutdown. Default 30 s. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
            if (shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must not be negative: " + shutdownTimeout);
            }
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** Sets the TCP connect timeout. Default 5 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = ConnectionSettings.positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** Sets the reconnect back-off range. Default 100 ms to 10 s. */
        public Builder backoff(Duration min, Duration max) {
            ConnectionSettings.backoff(min, max);
            this.minBackoff = min;
            this.maxBackoff = max;
            return this;
        }

        /** Sets the id sent with {@code SET_CLIENT_ID}; no whitespace. Default none. */
        public Builder clientId(String clientId) {
            this.clientId = ConnectionSettings.clientId(clientId);
            return this;
        }

        /**
         * Sets the largest packet body accepted. Default 64 MiB. A job whose assignment is larger is failed at once
         * (the failure names this limit) and its payload discarded as it arrives, never held in memory; any other
         * packet above the limit closes the connection.
         */
        public Builder maxPacketSize(int maxPacketSize) {
            this.maxPacketSize = ConnectionSettings.maxPacketSize(maxPacketSize);
            return this;
        }

        /**
         * Sets the executor that runs the worker loops; it needs one thread per connection, each loop being a task
         * that runs until the worker shuts down. Default: the worker's own daemon threads. A supplied executor is
         * never shut down by the worker. In a container, pass the {@code ManagedExecutorService} wrapped so that each
         * task carries {@code ManagedTask.LONGRUNNING_HINT} (this package cannot depend on Jakarta APIs).
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** Sets the handler told about failed jobs. Default: log at WARNING. */
        public Builder errorHandler(JobErrorHandler errorHandler) {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * Sets the handler told, once, when the worker meets an error it cannot survive: an {@link Error} other than
         * {@link OutOfMemoryError} and {@link StackOverflowError} (say an {@link InternalError}), out of memory three
         * times within a minute, or a worker loop ending unexpectedly. It runs on a thread of its own, so it may shut
         * the worker down or end the process ({@code GearmanWorkerMain} exits with status 4). Whatever it does,
         * {@link GearmanWorker#isHealthy()} is {@code false} from then on. Default: log at ERROR.
         *
         * @since 1.1
         */
        public Builder onFatalError(Consumer<Throwable> handler) {
            this.fatalErrorHandler = handler;
            return this;
        }

        /**
         * Sets the listener told how every job ended, on the job path (see {@link WorkerListener}). Default: none.
         *
         * @since 1.1
         */
        public Builder listener(WorkerListener listener) {
            this.listener = listener;
            return this;
        }

        /** @return the options */
        public WorkerOptions build() {
            return new WorkerOptions(this);
        }

    }
}
