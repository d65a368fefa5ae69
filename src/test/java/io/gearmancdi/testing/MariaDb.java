package io.gearmancdi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private MariaDB instance for tests (Debian {@code mariadb-server}): {@code mariadb-install-db} under a temporary
 * directory, then {@code mariadbd} on a free loopback port with its socket there, without grant tables (any user, no
 * password) and {@code --user=root} when run as root (CI). Missing MariaDB skips the test, or fails it with
 * {@code CI=true}.
 */
public final class MariaDb implements TestDatabase {
    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL = Path.of("/usr/bin/mariadb-install-db");

    private final Path dir;
    private final int port;
    private Process process;

    private MariaDb(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Installs and starts an instance with a database {@code gearman}; skips (or fails on CI) when not installed. */
    public static MariaDb start(String name) {
        if (!Files.isExecutable(SERVER) || !Files.isExecutable(INSTALL)) {
            ServerProcess.missing("MariaDB (mariadbd, mariadb-install-db)",
                    " (.ci/run installs the Debian package mariadb-server)",
                    "; install the Debian package mariadb-server to run this test");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("gearman-mariadb-" + name + "-");
            Path out = dir.resolve("install.log");
            List<String> install = new ArrayList<>(List.of(INSTALL.toString(), "--no-defaults",
                    "--datadir=" + dir.resolve("data"), "--auth-root-authentication-method=normal",
                    "--skip-test-db"));
            if (isRoot()) {
                install.add("--user=root");
            }
            Process p = new ProcessBuilder(install).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("mariadb-install-db failed: " + Files.readString(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        MariaDb db = ServerProcess.onFreePort("MariaDB", port -> {
            MariaDb m = new MariaDb(dir, port);
            m.launch();
            return m;
        });
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + db.port + "/", "root", "")) {
            c.createStatement().execute("CREATE DATABASE gearman");
        } catch (SQLException e) {
            db.close();
            throw new IllegalStateException("cannot create the test database", e);
        }
        return db;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(SERVER.toString(), "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mariadb.sock"), "--pid-file=" + dir.resolve("mariadb.pid"),
                "--skip-grant-tables", "--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=2",
                "--skip-log-bin"));
        if (isRoot()) {
            cmd.add("--user=root");
        }
        process = ServerProcess.start("mariadbd", port, cmd, dir.resolve("server-" + port + ".log"),
                Duration.ofSeconds(60), p -> answers(port));
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return s.getInputStream().read() != -1; // the server's greeting
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void start() {
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        ServerProcess.stop(process);
    }

    @Override
    public String url() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/gearman";
    }

    @Override
    public String user() {
        return "root";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public void close() {
        ServerProcess.kill(process);
        TestDatabase.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "MariaDB on port " + port;
    }
}
