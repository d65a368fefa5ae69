package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
 * CI must never pass by skipping the real server. A class whose tests share one gets it from {@link GearmandExtension}
 * rather than keeping it in a static field.
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

    /** Starts gearmand on a free port with the given extra options (e.g. {@code -j 2}). */
    public static Gearmand start(String... extraArgs) {
        requireInstalled();
        return ServerProcess.onFreePort("gearmand", port -> {
            Gearmand g = new Gearmand(port, List.of(extraArgs));
            try {
                g.launch();
                return g;
            } catch (IllegalStateException e) {
                g.deleteDirectory();
                throw e;
            }
        });
    }

    /** Skips the test when gearmand is missing, or fails it when {@code CI=true}. */
    public static void requireInstalled() {
        if (BINARY == null) {
            ServerProcess.missing("gearmand", " (apt-get install -y gearman-job-server gearman-tools)",
                    " (apt-get install -y gearman-job-server)");
        }
    }

    /** @return whether the {@code gearman} CLI (gearman-tools) is on this machine; same CI rule as gearmand */
    public static String requireCli() {
        Path cli = Path.of("/usr/bin/gearman");
        if (!Files.isExecutable(cli)) {
            ServerProcess.missing("the gearman CLI", "", " (apt-get install -y gearman-tools)");
        }
        return cli.toString();
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "-L", "127.0.0.1", "-p", Integer.toString(port),
                "-l", dir.resolve("gearmand.log").toString(), "-P", dir.resolve("gearmand.pid").toString(),
                "--verbose", "INFO"));
        cmd.addAll(extraArgs);
        process = ServerProcess.start("gearmand", port, cmd, dir.resolve("stdout.log"), Duration.ofSeconds(10),
                // the port is served by our process, and not by another server that took the port
                p -> ("OK " + p.pid()).equals(ServerProcess.adminLine(port, "getpid")));
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
        ServerProcess.kill(process);
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
        if (frozen && process.isAlive()) {
            thaw(); // a frozen process would not act on SIGTERM
        }
        ServerProcess.stop(process);
    }

    private void deleteDirectory() {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
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
