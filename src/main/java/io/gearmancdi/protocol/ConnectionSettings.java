package io.gearmancdi.protocol;

import io.gearmancdi.ServerAddress;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Checks of the connection settings that the client's and the worker's options share (servers, durations, back-off,
 * client id, packet size), so that both reject the same values with the same messages. Low level: used by the options
 * builders.
 */
public final class ConnectionSettings {
    private ConnectionSettings() {
    }

    /** @return an immutable copy of a non-empty server list */
    public static List<ServerAddress> servers(List<ServerAddress> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one gearman server is needed");
        }
        return List.copyOf(servers);
    }

    /** @return {@code d}, if it is positive */
    public static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    /** Checks a reconnect back-off range: both positive, the maximum not below the minimum. */
    public static void backoff(Duration min, Duration max) {
        positive(min, "minBackoff");
        positive(max, "maxBackoff");
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("maxBackoff " + max + " is below minBackoff " + min);
        }
    }

    /** @return {@code clientId} ({@code null} allowed), if it is non-empty without whitespace */
    public static String clientId(String clientId) {
        if (clientId != null && (clientId.isEmpty() || clientId.chars().anyMatch(c -> c <= ' '))) {
            throw new IllegalArgumentException("client id must be non-empty without whitespace: '" + clientId + "'");
        }
        return clientId;
    }

    /** @return {@code maxPacketSize}, if it is positive */
    public static int maxPacketSize(int maxPacketSize) {
        if (maxPacketSize <= 0) {
            throw new IllegalArgumentException("maxPacketSize must be positive: " + maxPacketSize);
        }
        return maxPacketSize;
    }
}
