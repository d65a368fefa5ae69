package io.gearmancdi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real database for the job record store's tests: in-memory H2, or a private PostgreSQL or MariaDB instance started
 * by {@link Postgres} or {@link MariaDb} on a free port under a temporary directory. {@link #stop()} and
 * {@link #start()} take the database down and bring it back with its data (the outage tests); {@link #close()} ends it.
 */
public interface TestDatabase extends AutoCloseable {
    /** @return the JDBC URL */
    String url();

    /** @return the user, or {@code null} */
    String user();

    /** @return the password, or {@code null} */
    String password();

    /** Stops the database, keeping its data. */
    void stop();

    /** Starts it again after {@link #stop()}. */
    void start();

    @Override
    void close();

    /** @return a new connection */
    default Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    /** An in-memory H2 database (no process: stop and start are not supported). */
    static TestDatabase h2(String name) {
        String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        return new TestDatabase() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return "sa";
            }

            @Override
            public String password() {
                return "";
            }

            @Override
            public void stop() {
                throw new UnsupportedOperationException("in-memory H2 cannot be stopped and started");
            }

            @Override
            public void start() {
                throw new UnsupportedOperationException("in-memory H2 cannot be stopped and started");
            }

            @Override
            public void close() {
                try (Connection c = connect()) {
                    c.createStatement().execute("SHUTDOWN");
                } catch (SQLException e) {
                    // gone already
                }
            }

            @Override
            public String toString() {
                return "H2";
            }
        };
    }

    /** Deletes a directory tree, ignoring what is gone. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
