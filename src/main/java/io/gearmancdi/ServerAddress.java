package io.gearmancdi;

import java.util.ArrayList;
import java.util.List;

/**
 * Host and port of a Gearman job server.
 *
 * @param host host name or IP address
 * @param port TCP port
 */
public record ServerAddress(String host, int port) {
    /** The IANA-assigned Gearman port. */
    public static final int DEFAULT_PORT = 4730;

    /** Validates the fields. */
    public ServerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("gearman server host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("gearman server port out of range: " + port);
        }
    }

    /**
     * Parses {@code host:port}, {@code host} (port 4730) or {@code [v6-address]:port}.
     *
     * @throws IllegalArgumentException with the offending text if it is not an address
     */
    public static ServerAddress parse(String text) {
        String s = text.trim();
        String host = s;
        int port = DEFAULT_PORT;
        int colon = s.lastIndexOf(':');
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("not a gearman server address: '" + text + "'");
            }
            host = s.substring(1, close);
            colon = close + 1 < s.length() && s.charAt(close + 1) == ':' ? close + 1 : -1;
        } else if (colon >= 0 && s.indexOf(':') != colon) {
            colon = -1; // a bare IPv6 address without port
        } else if (colon >= 0) {
            host = s.substring(0, colon);
        }
        if (colon >= 0) {
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a gearman server address (bad port): '" + text + "'");
            }
        }
        return new ServerAddress(host, port);
    }

    /** Parses a comma-separated list such as {@code gear1:4730,gear2:4730}; blank entries are ignored. */
    public static List<ServerAddress> parseList(String text) {
        List<ServerAddress> servers = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                servers.add(parse(part));
            }
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no gearman server in '" + text + "'");
        }
        return List.copyOf(servers);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
