package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Perl job server ({@code Gearman::Server}, Debian {@code gearman-server}) on a free loopback port, as a foreign
 * server for interop tests. Always run as {@code perl /usr/bin/gearmand}: the C gearmand is {@code /usr/sbin/gearmand}
 * and which of the two {@code gearmand} on PATH finds depends on the machine.
 */
public final class PerlGearmand implements JobServer {
    private final Path script;
    private final int port;
    private Foreign process;

    private PerlGearmand(Path script, int port) {
        this.script = script;
        this.port = port;
    }

    /** Starts it on a free port; skips the test when it is missing (fails with {@code CI=true}). */
    public static PerlGearmand start() {
        Path script = Foreign.requirePerlServer();
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            PerlGearmand server = new PerlGearmand(script, Gearmand.freePort());
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                server.kill();
                failure = e;
            }
        }
        throw failure;
    }

    private void launch() {
        process = Foreign.command("perl gearmand@" + port, List.of("perl", script.toString(), "-L", "127.0.0.1",
                "-p", Integer.toString(port)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.process().isAlive()) {
                throw new IllegalStateException("perl gearmand exited: " + process.lines());
            }
            if (answersVersion()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("perl gearmand did not listen on " + port + " within 20 s");
    }

    /** Gearman::Server answers the admin command {@code version} with its version number alone on a line. */
    private boolean answersVersion() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            s.getOutputStream().write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            int b = in.read();
            return b != -1;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public ServerAddress address() {
        return new ServerAddress("127.0.0.1", port);
    }

    @Override
    public String kind() {
        return "perl-gearmand";
    }

    @Override
    public void kill() {
        if (process != null) {
            process.close();
        }
    }

    @Override
    public void restart() {
        kill();
        launch();
    }

    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return "perl-gearmand@" + port;
    }
}
