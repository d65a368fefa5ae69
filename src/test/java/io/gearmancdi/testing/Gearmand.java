package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real gearmand process on a free loopback port, for tests.
 *
 * <p>When gearmand is not installed the calling test is skipped, except with {@code CI=true}, where that is a failure:
 * CI must never pass by skipping the real server.
 */
public final class Gearmand implements JobServer {
    private static final String BINARY = findBinary();

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private Process process;
    private boolean frozen;

    private Gearmand(int port, List<String> extraArgs) throws IOException {
        this.port = port;
        this.extraArgs = extraArgs;
        this.dir = Files.createTempDirectory("gearmand-test");
    }

    /**
     * Starts gearmand on a free port with the given extra options (e.g. {@code -j 2}). The port is free when chosen,
     * but any process on the machine may take it before gearmand binds it (as the local port of an outgoing connection,
     * say): then gearmand exits at once and another port is tried.
     */
    public static Gearmand start(String... extraArgs) {
        requireInstalled();
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Gearmand g = null;
            try {
                g = new Gearmand(freePort(), List.of(extraArgs));
                g.launch();
                return g;
            } catch (IOException e) {
                throw new IllegalStateException("cannot start gearmand", e);
            } catch (IllegalStateException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
                if (g != null) {
                    g.deleteDirectory();
                }
            }
        }
        throw failure;
    }

    /** Skips the test when gearmand is missing, or fails it when {@code CI=true}. */
    public static void requireInstalled() {
        if (BINARY == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("gearmand is not installed, and CI=true requires it "
                        + "(apt-get install -y gearman-job-server gearman-tools)");
            }
            Assumptions.abort("gearmand is not installed (apt-get install -y gearman-job-server)");
        }
    }

    /** @return whether the {@code gearman} CLI (gearman-tools) is on this machine; same CI rule as gearmand */
    public static String requireCli() {
        Path cli = Path.of("/usr/bin/gearman");
        if (!Files.isExecutable(cli)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("the gearman CLI is not installed, and CI=true requires it");
            }
            Assumptions.abort("the gearman CLI is not installed (apt-get install -y gearman-tools)");
        }
        return cli.toString();
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "-L", "127.0.0.1", "-p", Integer.toString(port),
                "-l", dir.resolve("gearmand.log").toString(), "-P", dir.resolve("gearmand.pid").toString(),
                "--verbose", "INFO"));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gearmand exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("stdout.log")));
            }
            if (answersWithPid(process.pid())) {
                return;
            }
            sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("gearmand did not start listening on port " + port);
    }

    /** @return whether the port is served by our process (and not by another server that took the port) */
    private boolean answersWithPid(long pid) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("getpid\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n' && line.length() < 64; b = in.read()) {
                line.append((char) b);
            }
            return line.toString().strip().equals("OK " + pid);
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
        return "gearmand";
    }

    /** @return the process id of the running gearmand, e.g. to freeze it with {@code kill -STOP} */
    public long pid() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("gearmand is not running");
        }
        return process.pid();
    }

    /** @return the gearmand log so far, for diagnosing a failed test */
    public String log() {
        try {
            return Files.readString(dir.resolve("gearmand.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    @Override
    public void restart() {
        kill();
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart gearmand", e);
        }
    }

    @Override
    public void close() {
        stop();
        deleteDirectory();
    }

    /**
     * Freezes the process ({@code kill -STOP}): it keeps its sockets, the kernel still accepts connections and buffers
     * what clients send, but nothing is answered — a hung server, not a dead one. {@link #thaw()} resumes it;
     * {@link #close()} and {@link #kill()} work on a frozen process too.
     */
    public void freeze() {
        signal("-STOP");
        frozen = true;
    }

    /** Resumes a {@linkplain #freeze() frozen} process ({@code kill -CONT}). */
    public void thaw() {
        signal("-CONT");
        frozen = false;
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal gearmand", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling gearmand", e);
        }
    }

    private void stop() {
        if (process != null && process.isAlive()) {
            if (frozen) {
                thaw(); // a frozen process would not act on SIGTERM
            }
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void deleteDirectory() {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    private void waitFor() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return a TCP port free on 127.0.0.1 right now */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String findBinary() {
        for (String candidate : List.of("/usr/sbin/gearmand", "/usr/local/sbin/gearmand", "/usr/bin/gearmand")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "gearmand@" + port;
    }
}
