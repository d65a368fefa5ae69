package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.server.EmbeddedGearmanServer;

import java.util.function.UnaryOperator;

/**
 * The {@link EmbeddedGearmanServer} as a {@link JobServer} for conformance tests: starts on a free loopback port;
 * {@link #kill()} drops every connection and every in-memory job at once, {@link #restart()} starts a fresh server on
 * the same port.
 */
public final class EmbeddedJobServer implements JobServer {
    private final UnaryOperator<EmbeddedGearmanServer.Builder> options;
    private final int port;
    private EmbeddedGearmanServer server;

    private EmbeddedJobServer(UnaryOperator<EmbeddedGearmanServer.Builder> options) {
        this.options = options;
        this.server = options.apply(EmbeddedGearmanServer.builder().host("127.0.0.1").port(0)).build().start();
        this.port = server.port();
    }

    /** Starts an embedded server with default options on a free port. */
    public static EmbeddedJobServer start() {
        return new EmbeddedJobServer(UnaryOperator.identity());
    }

    /** Starts an embedded server with extra options (e.g. {@code b -> b.jobRetries(2)}) on a free port. */
    public static EmbeddedJobServer start(UnaryOperator<EmbeddedGearmanServer.Builder> options) {
        return new EmbeddedJobServer(options);
    }

    /** @return the running server */
    public synchronized EmbeddedGearmanServer server() {
        return server;
    }

    @Override
    public ServerAddress address() {
        return new ServerAddress("127.0.0.1", port);
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public synchronized void kill() {
        server.close();
    }

    @Override
    public synchronized void restart() {
        server.close();
        server = options.apply(EmbeddedGearmanServer.builder().host("127.0.0.1").port(port)).build().start();
    }

    @Override
    public synchronized void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "embedded@" + port;
    }
}
