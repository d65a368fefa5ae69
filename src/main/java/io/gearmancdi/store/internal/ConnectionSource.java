package io.gearmancdi.store.internal;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Where the store's connections come from: a container's {@link DataSource} (pooled by the container), or a JDBC URL
 * through {@link DriverManager} with a few idle connections kept (Weld SE, {@code GearmanWorkerMain}).
 */
public interface ConnectionSource extends AutoCloseable {
    /** @return a connection, to be handed back with {@link #release(Connection, boolean)} */
    Connection get() throws SQLException;

    /**
     * @param connection a connection from {@link #get()}
     * @param broken     whether it failed, so that it is not used again
     */
    void release(Connection connection, boolean broken);

    /** Closes idle connections this source keeps. */
    @Override
    default void close() {
    }

    /** @return a source over a data source; every connection is closed after use (the container pools them) */
    static ConnectionSource of(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new ConnectionSource() {
            @Override
            public Connection get() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void release(Connection connection, boolean broken) {
                closeQuietly(connection);
            }

            @Override
            public String toString() {
                return String.valueOf(dataSource);
            }
        };
    }

    /**
     * @param url      a JDBC URL
     * @param user     the user, or {@code null}
     * @param password the password, or {@code null}
     * @return a source opening connections with {@link DriverManager}, keeping up to four idle ones
     */
    static ConnectionSource of(String url, String user, String password) {
        Objects.requireNonNull(url, "url");
        return new ConnectionSource() {
            private static final int IDLE = 4;
            private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

            @Override
            public Connection get() throws SQLException {
                Connection c = idle.pollFirst();
                return c != null ? c : DriverManager.getConnection(url, user, password);
            }

            @Override
            public void release(Connection connection, boolean broken) {
                if (broken || idle.size() >= IDLE) {
                    closeQuietly(connection);
                } else {
                    idle.addFirst(connection);
                }
            }

            @Override
            public void close() {
                Connection c;
                while ((c = idle.pollFirst()) != null) {
                    closeQuietly(c);
                }
            }

            @Override
            public String toString() {
                return url;
            }
        };
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // a connection that cannot even close is gone already
        }
    }
}
