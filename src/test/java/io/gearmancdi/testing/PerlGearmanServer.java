package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                PerlGearmanServer server = new PerlGearmanServer(Gearmand.freePort());
                server.launch();
                return server;
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the Perl gearmand", e);
            } catch (IllegalStateException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
        }
        throw failure;
    }

    /** Skips the test when the Perl server is missing, or fails it when {@code CI=true}. */
    public static void requireInstalled() {
        if (!isPerlServer()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("the Perl Gearman::Server is not installed, and CI=true requires it "
                        + "(apt-get install -y gearman-server)");
            }
            Assumptions.abort("the Perl Gearman::Server is not installed (apt-get install -y gearman-server)");
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
        process = new ProcessBuilder(List.of("perl", SCRIPT.toString(), "-p", Integer.toString(port), "-L",
                "127.0.0.1")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Perl gearmand exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            if (answersVersion() && process.isAlive()) {
                return;
            }
            try {
                Thread.sleep(20); // polling a starting process: there is nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the Perl gearmand did not start listening on port " + port);
    }

    private boolean answersVersion() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int first = s.getInputStream().read();
            return first == 'v';
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
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
