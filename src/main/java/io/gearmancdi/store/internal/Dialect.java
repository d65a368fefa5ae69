package io.gearmancdi.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What differs between the databases the store supports: the type of long text, how a row is inserted only when its
 * key is absent, and the statements a batch is written with ({@link #rows()}: one statement per batch and step on
 * PostgreSQL, JDBC batches elsewhere).
 */
enum Dialect {
    POSTGRESQL("TEXT", "") {
        @Override
        String insertIfAbsent(String table, String columns, int count) {
            return "INSERT INTO " + table + " (" + columns + ") VALUES (" + params(count) + ")"
                    + " ON CONFLICT (job_unique) DO NOTHING";
        }

        @Override
        RowStatements rows() {
            return ROWS;
        }
    },
    MARIADB("MEDIUMTEXT", " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin") {
        @Override
        String insertIfAbsent(String table, String columns, int count) {
            // IGNORE: a duplicate key counts 0 rows (values are cut to their columns before, so nothing else is ignored)
            return "INSERT IGNORE INTO " + table + " (" + columns + ") VALUES (" + params(count) + ")";
        }
    },
    H2("CHARACTER VARYING(1000000)", "") {
        @Override
        String insertIfAbsent(String table, String columns, int count) {
            return "MERGE INTO " + table + " t USING (VALUES (CAST(? AS VARCHAR(200)))) s(u) ON t.job_unique = s.u"
                    + " WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES (s.u, " + params(count - 1) + ")";
        }
    };

    private static final RowStatements ROWS = new PostgresRowStatements();

    private final String longText;
    private final String tableOptions;
    private final RowStatements batchRows = new BatchRowStatements(this);

    Dialect(String longText, String tableOptions) {
        this.longText = longText;
        this.tableOptions = tableOptions;
    }

    /** @return the column type of payloads, results and messages */
    String longText() {
        return longText;
    }

    /** @return what follows {@code CREATE TABLE t (...)} */
    String tableOptions() {
        return tableOptions;
    }

    /**
     * @param columns the columns, {@code job_unique} first
     * @param count   how many columns
     * @return a statement inserting a row (parameters: the columns in order) unless one with its key exists: then it
     *         counts 0 rows and changes nothing
     */
    abstract String insertIfAbsent(String table, String columns, int count);

    /** @return how a batch of records reaches the table: plain JDBC batches unless the database has better */
    RowStatements rows() {
        return batchRows;
    }

    private static String params(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /**
     * @return the dialect of the database behind {@code connection}
     * @throws SQLException if the database is none of those supported
     */
    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return MARIADB;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw new SQLException("the job record store supports PostgreSQL, MariaDB/MySQL and H2, not " + product);
    }
}
