package io.gearmancdi.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What the job-server process fixtures ({@link Gearmand}, {@link PerlGearmanServer}) share: the CI rule for a missing
 * server, starting on a free port, waiting until the process answers, and stopping it.
 */
final class ServerProcess {
    private ServerProcess() {
    }

    /** Starts a server process on {@code port}, returning once it answers; may throw {@link IOException}. */
    @FunctionalInterface
    interface Launcher<S> {
        S launch(int port) throws IOException;
    }

    /**
     * Skips the calling test, or fails it when {@code CI=true}: CI must never pass by skipping the real server.
     *
     * @param missing what is not installed, e.g. "gearmand"
     * @param ciHint  how CI installs it
     * @param hint    how a developer installs it
     */
    static void missing(String missing, String ciHint, String hint) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(missing + " is not installed, and CI=true requires it" + ciHint);
        }
        Assumptions.abort(missing + " is not installed" + hint);
    }

    /**
     * Launches a server on a free port. The port is free when chosen, but any process on the machine may take it
     * before the server binds it (as the local port of an outgoing connection, say): then the server exits at once
     * and another port is tried, three times in all.
     */
    static <S> S onFreePort(String what, Launcher<S> launcher) {
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return launcher.launch(Gearmand.freePort());
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + what, e);
            } catch (IllegalStateException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
        }
        throw failure;
    }

    /**
     * Starts {@code command} with its output in {@code output} and polls until {@code ready} holds.
     *
     * @throws IllegalStateException with the output if the process exits first, or if it is not ready within
     *                               {@code timeout} (it is then killed)
     */
    static Process start(String what, int port, List<String> command, Path output, Duration timeout,
            Predicate<Process> ready) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + ": "
                        + Files.readString(output));
            }
            if (ready.test(process)) {
                return process;
            }
            try {
                Thread.sleep(20); // polling a starting process: there is nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(what + " did not start listening on port " + port);
    }

    /**
     * @return the first line (at most 64 characters, stripped) that a server on 127.0.0.1:{@code port} answers to
     *         the text command {@code command}, or {@code null} when nothing answers there yet
     */
    static String adminLine(int port, String command) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n' && line.length() < 64; b = in.read()) {
                line.append((char) b);
            }
            return line.toString().strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** Kills the process at once (SIGKILL) and waits for it, at most 10 s. */
    static void kill(Process process) {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks the process to stop (SIGTERM), killing it if it is still there after 5 s. */
    static void stop(Process process) {
        if (process != null && process.isAlive()) {
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
}
