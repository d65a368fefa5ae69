package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Perl job server ({@code Gearman::Server}, Debian package {@code gearman-server}, installed as
 * {@code /usr/bin/gearmand}) on a free loopback port, for tests of what differs from C gearmand: it implements only the
 * original protocol (no {@code GRAB_JOB_UNIQ}, {@code WORK_WARNING} or {@code WORK_DATA}; {@code ERROR server_error}
 * for what it does not know), and treats {@code WORK_EXCEPTION} as not final.
 *
 * <p>Usage: {@code try (PerlGearmanServer perl = PerlGearmanServer.start()) { ... perl.address() ... }}. When it is not
 * installed the calling test is skipped, except with {@code CI=true}, where that is a failure (as for
 * {@link Gearmand}).
 */
public final class PerlGearmanServer implements JobServer {
    private static final Path SCRIPT = Path.of("/usr/bin/gearmand");

    private final int port;
    private final Path log;
    private Process process;

    private PerlGearmanServer(int port) throws IOException {
        this.port = port;
        this.log = Files.createTempFile("perl-gearmand", ".log");
    }

    /** Starts the Perl server on a free port (another port is tried if a process takes the first one meanwhile). */
    public static PerlGearmanServer start() {
        requireInstalled();
        return ServerProcess.onFreePort("the Perl gearmand", port -> {
            PerlGearmanServer server = new PerlGearmanServer(port);
            server.launch();
            return server;
        });
    }

    /** Skips the test when the Perl server is missing, or fails it when {@code CI=true}. */
    public static void requireInstalled() {
        if (!isPerlServer()) {
            ServerProcess.missing("the Perl Gearman::Server", " (apt-get install -y gearman-server)",
                    " (apt-get install -y gearman-server)");
        }
    }

    /** @return whether {@code /usr/bin/gearmand} is the Perl script (on some systems it is C gearmand) */
    private static boolean isPerlServer() {
        try (InputStream in = Files.newInputStream(SCRIPT)) {
            byte[] start = in.readNBytes(64);
            return new String(start, StandardCharsets.ISO_8859_1).startsWith("#!") && new String(start,
                    StandardCharsets.ISO_8859_1).contains("perl");
        } catch (IOException e) {
            return false;
        }
    }

    private void launch() throws IOException {
        process = ServerProcess.start("the Perl gearmand", port, List.of("perl", SCRIPT.toString(), "-p",
                Integer.toString(port), "-L", "127.0.0.1"), log, Duration.ofSeconds(15), this::answersVersion);
    }

    /** @return whether the port answers {@code version} as the Perl server does ("v1.130.1") and it still runs */
    private boolean answersVersion(Process started) {
        String version = ServerProcess.adminLine(port, "version");
        return version != null && version.startsWith("v") && started.isAlive();
    }

    @Override
    public ServerAddress address() {
        return new ServerAddress("127.0.0.1", port);
    }

    @Override
    public String kind() {
        return "perl-gearmand";
    }

    /** @return what the server wrote so far, for diagnosing a failed test */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void kill() {
        ServerProcess.kill(process);
    }

    @Override
    public void restart() {
        kill();
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart the Perl gearmand", e);
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }

    @Override
    public String toString() {
        return "perl-gearmand@" + port;
    }
}
