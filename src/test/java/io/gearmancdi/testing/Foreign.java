package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A foreign Gearman implementation driven through a small script of {@code src/test/resources/interop/}: the Perl
 * {@code Gearman::Client}/{@code Gearman::Worker} (Debian {@code libgearman-client-perl}) or the npm {@code gearman}
 * 2.1.0 client/worker. The script talks one result per line on stdout; this class collects the lines and bounds every
 * wait. {@link #close()} kills the process.
 *
 * <p>When an implementation is missing the calling test is skipped, except with {@code CI=true}, where that is a
 * failure (as for gearmand): {@code .ci/run} installs them. The npm module is looked up under the prefix given by the
 * system property {@code interop.npm.prefix} or the environment variable {@code INTEROP_NPM_PREFIX} (the directory
 * {@code npm install --prefix DIR gearman@2.1.0} installed into), then {@code .ci/node}, then {@code /tmp/npmgear}.
 */
public final class Foreign implements AutoCloseable {
    /** Bound of every wait for a line or an exit. */
    public static final Duration WAIT = Duration.ofSeconds(45);

    private static volatile Boolean perlInstalled;
    private static volatile Path npmModules;

    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private Foreign(String name, ProcessBuilder builder) {
        this.name = name;
        try {
            this.process = builder.redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        reader = new Thread(this::readLines, "foreign-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code perl SCRIPT HOST PORT args...} for a script of {@code interop/}. */
    public static Foreign perl(String script, ServerAddress server, String... args) {
        requirePerl();
        List<String> cmd = new ArrayList<>(List.of("perl", script(script).toString(), server.host(),
                Integer.toString(server.port())));
        cmd.addAll(List.of(args));
        return new Foreign(script + " " + String.join(" ", args), new ProcessBuilder(cmd));
    }

    /** Runs {@code node SCRIPT HOST PORT args...} for a script of {@code interop/}, with the npm module on NODE_PATH. */
    public static Foreign node(String script, ServerAddress server, String... args) {
        Path modules = requireNpm();
        List<String> cmd = new ArrayList<>(List.of("node", script(script).toString(), server.host(),
                Integer.toString(server.port())));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().put("NODE_PATH", modules.toString());
        return new Foreign(script + " " + String.join(" ", args), builder);
    }

    /** Starts a foreign process from an arbitrary command (e.g. the Perl job server). */
    public static Foreign command(String name, List<String> command) {
        return new Foreign(name, new ProcessBuilder(command));
    }

    /** Runs a script to its end (bounded by {@link #WAIT}) and returns every line it printed. */
    public static List<String> run(Foreign started) {
        try (started) {
            started.awaitExit(WAIT);
            return started.lines();
        }
    }

    /** @return the next line starting with {@code prefix}, waiting at most {@code timeout}; lines before it are skipped */
    public String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new AssertionError(name + ": no line starting with '" + prefix + "' within " + timeout
                            + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")") + "; printed "
                            + seen);
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the process to end (killing it past {@code timeout}, which fails the test). */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError(name + " did not end within " + timeout + "; printed " + seen);
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return every line printed so far */
    public List<String> lines() {
        return List.copyOf(seen);
    }

    /** @return the process, e.g. to signal it */
    public Process process() {
        return process;
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                seen.add(line);
                lines.add(line);
            }
        } catch (IOException e) {
            seen.add("(read failed: " + e + ")");
        }
    }

    /** Kills the process (SIGKILL) and waits for it. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Skips the test when Perl's Gearman::Client/Worker is missing, or fails it when {@code CI=true}. */
    public static void requirePerl() {
        if (perlInstalled == null) {
            perlInstalled = succeeds(List.of("perl", "-MGearman::Client", "-MGearman::Worker", "-e", "1"));
        }
        if (!perlInstalled) {
            missing("Perl Gearman::Client/Gearman::Worker", "apt-get install -y libgearman-client-perl");
        }
    }

    /** Skips (or fails with {@code CI=true}) unless the Perl job server Gearman::Server is installed. */
    public static Path requirePerlServer() {
        requirePerl();
        Path server = Path.of("/usr/bin/gearmand");
        if (!succeeds(List.of("perl", "-MGearman::Server", "-e", "1")) || !isPerlScript(server)) {
            missing("Perl Gearman::Server (/usr/bin/gearmand)", "apt-get install -y gearman-server");
        }
        return server;
    }

    /** @return the node_modules directory holding npm {@code gearman}; skips (or fails with CI=true) without it */
    public static Path requireNpm() {
        if (npmModules != null) {
            return npmModules;
        }
        List<String> prefixes = new ArrayList<>();
        String property = System.getProperty("interop.npm.prefix");
        String env = System.getenv("INTEROP_NPM_PREFIX");
        for (String p : new String[] {property, env, ".ci/node", "/tmp/npmgear"}) {
            if (p != null && !p.isBlank()) {
                prefixes.add(p);
            }
        }
        for (String prefix : prefixes) {
            Path modules = Path.of(prefix).toAbsolutePath().resolve("node_modules");
            if (Files.isRegularFile(modules.resolve("gearman/package.json"))
                    && succeeds(List.of("node", "--version"))) {
                npmModules = modules;
                return modules;
            }
        }
        missing("node with npm gearman@2.1.0 (looked in " + prefixes + ")",
                "npm install --prefix DIR gearman@2.1.0 and set INTEROP_NPM_PREFIX=DIR");
        return null;
    }

    private static void missing(String what, String install) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(what + " is not installed, and CI=true requires it (" + install + ")");
        }
        Assumptions.abort(what + " is not installed (" + install + ")");
    }

    private static boolean isPerlScript(Path file) {
        try {
            return Files.isRegularFile(file) && Files.readString(file, StandardCharsets.ISO_8859_1).startsWith("#!/usr/bin/perl");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path script(String name) {
        var url = Foreign.class.getClassLoader().getResource("interop/" + name);
        if (url == null) {
            throw new IllegalStateException("no test resource interop/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Foreign[" + name + "]";
    }
}
