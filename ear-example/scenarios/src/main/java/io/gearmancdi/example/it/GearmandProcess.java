package io.gearmancdi.example.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real gearmand (Debian's {@code gearman-job-server}) on 127.0.0.1 and a given port, its log and pid file in a
 * scratch directory. When gearmand is not installed the test is skipped, except with {@code CI=true}, where that is a
 * failure.
 */
public final class GearmandProcess implements AutoCloseable {
    private static final List<Path> GEARMAND = List.of(Path.of("/usr/sbin/gearmand"), Path.of("/usr/bin/gearmand"),
            Path.of("/usr/local/sbin/gearmand"), Path.of("/usr/local/bin/gearmand"));
    private static final List<Path> GEARMAN_CLI = List.of(Path.of("/usr/bin/gearman"), Path.of("/usr/local/bin/gearman"));
    private static final long START_TIMEOUT_MILLIS = 15_000;

    private final ProcessBuilder command;
    private final int port;
    private final Path log;
    private volatile Process process;

    private GearmandProcess(ProcessBuilder command, int port, Path log) throws IOException {
        this.command = command;
        this.port = port;
        this.log = log;
        this.process = command.start();
    }

    /**
     * Starts gearmand and waits until it answers the admin {@code version} command.
     *
     * @param port the port (127.0.0.1)
     * @param dir  a directory for its log and pid file
     */
    public static GearmandProcess start(int port, Path dir) {
        Path binary = require(GEARMAND, "gearmand (apt-get install gearman-job-server)");
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve("gearmand-" + port + ".log");
            ProcessBuilder command = new ProcessBuilder(binary.toString(), "-L", "127.0.0.1", "-p",
                    Integer.toString(port), "-l", log.toString(), "-P", dir.resolve("gearmand-" + port + ".pid").toString(),
                    "--verbose", "INFO")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("gearmand-" + port + ".out").toFile()));
            GearmandProcess gearmand = new GearmandProcess(command, port, log);
            gearmand.awaitReady();
            return gearmand;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start gearmand on port " + port, e);
        }
    }

    /** @return the {@code gearman} command-line tool (C libgearman); skips or fails (CI) like {@link #start} */
    public static Path cli() {
        return require(GEARMAN_CLI, "the gearman CLI (apt-get install gearman-tools)");
    }

    private static Path require(List<Path> candidates, String what) {
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String message = what + " is not installed";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message + " (CI=true: required)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gearmand exited with " + process.exitValue() + ": " + log());
            }
            try {
                if (admin("version").startsWith("OK")) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(50); // polling a process that gives no readiness signal; bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while starting gearmand", e);
            }
        }
        close();
        throw new IllegalStateException("gearmand did not answer on port " + port + " within "
                + START_TIMEOUT_MILLIS + " ms: " + log(), last);
    }

    /**
     * Sends one admin (text protocol) command and reads its answer: one line, or for list answers ({@code status},
     * {@code workers}) everything up to the closing {@code "."} line.
     */
    public String admin(String command) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            StringBuilder line = new StringBuilder();
            boolean list = command.equals("status") || command.equals("workers");
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    String l = line.toString().replace("\r", "");
                    line.setLength(0);
                    if (!list) {
                        return l;
                    }
                    if (l.equals(".")) {
                        return text.toString();
                    }
                    text.append(l).append('\n');
                } else {
                    line.append((char) b);
                }
            }
            return text.append(line).toString();
        }
    }

    /** @return {@code 127.0.0.1:port} */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** @return the port */
    public int port() {
        return port;
    }

    /** @return the log so far (for failure messages) */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * Starts gearmand again on the same port after {@link #close()} (its queue starts empty), and waits until it
     * answers.
     */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("gearmand on port " + port + " is still running");
        }
        try {
            process = command.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart gearmand on port " + port, e);
        }
        awaitReady();
    }

    /** Stops gearmand (SIGTERM, then SIGKILL after 10 s); {@link #restart()} starts it again. */
    @Override
    public void close() {
        Process process = this.process;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
