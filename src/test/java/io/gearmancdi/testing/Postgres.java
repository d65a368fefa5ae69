package io.gearmancdi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for tests (Debian {@code postgresql}): {@code initdb} under a temporary directory, then
 * {@code pg_ctl start} on a free loopback port with its socket in that directory, trust authentication, no fsync.
 * initdb refuses to run as root, so as root (CI) every command runs as the {@code postgres} user through
 * {@code runuser}, which owns the directory. Missing PostgreSQL skips the test, or fails it with {@code CI=true}.
 */
public final class Postgres implements TestDatabase {
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private Postgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Initialises and starts a cluster; skips (or fails on CI) when PostgreSQL is not installed. */
    public static Postgres start(String name) {
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            ServerProcess.missing("PostgreSQL (initdb, pg_ctl)", " (.ci/run installs the Debian package postgresql)",
                    "; install the Debian package postgresql to run this test");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir;
        try {
            dir = Files.createTempDirectory("gearman-pg-" + name + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()), false, dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path data = dir.resolve("data");
        run(command(bin.get(), root, "initdb", "-D", data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                "--no-sync", "--no-instructions"), true, dir);
        Postgres pg = ServerProcess.onFreePort("PostgreSQL", port -> {
            Postgres p = new Postgres(bin.get(), dir, port, root);
            try {
                p.start();
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
            return p;
        });
        return pg;
    }

    private static Optional<Path> binaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> command(Path bin, boolean asPostgresUser, String tool, String... args) {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void run(List<String> command, boolean check, Path dir) {
        try {
            Path out = Files.createTempFile("gearman-pg-cmd", ".log");
            try {
                Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish");
                }
                if (check && p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed with " + p.exitValue()
                            + ": " + Files.readString(out));
                }
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start() {
        run(command(bin, asPostgresUser, "pg_ctl", "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
                        + " -c synchronous_commit=off", "start"), true, dir);
    }

    @Override
    public void stop() {
        run(command(bin, asPostgresUser, "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"),
                true, dir);
    }

    @Override
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public void close() {
        run(command(bin, asPostgresUser, "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                "stop"), false, dir);
        TestDatabase.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "PostgreSQL on port " + port;
    }
}
