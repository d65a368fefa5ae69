package io.gearmancdi.client;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.ConnectionSettings;
import io.gearmancdi.protocol.PacketDecoder;

import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@link JobClient}. Immutable; build with {@link #builder()}, change a copy with {@link #mutate()}.
 */
public final class ClientOptions {
    /** Default server list: {@code localhost:4730}. */
    public static final List<ServerAddress> DEFAULT_SERVERS = List.of(new ServerAddress("localhost", 4730));
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

    private final List<ServerAddress> servers;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final int maxRetries;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final String clientId;
    private final int maxPacketSize;

    private ClientOptions(Builder b) {
        this.servers = b.servers;
        this.connectTimeout = b.connectTimeout;
        this.timeout = b.timeout;
        this.maxRetries = b.maxRetries;
        this.minBackoff = b.minBackoff;
        this.maxBackoff = b.maxBackoff;
        this.clientId = b.clientId;
        this.maxPacketSize = b.maxPacketSize;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder mutate() {
        return new Builder().servers(servers).connectTimeout(connectTimeout).timeout(timeout).maxRetries(maxRetries)
                .backoff(minBackoff, maxBackoff).clientId(clientId).maxPacketSize(maxPacketSize);
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
