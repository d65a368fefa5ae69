package io.gearmancdi.store.internal;

import io.gearmancdi.store.JobRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link RowStatements} with plain JDBC batches, one statement per row: what every database supports (MariaDB/MySQL,
 * H2). Keys are locked in chunks of {@value #KEY_CHUNK} with {@code IN} lists.
 */
final class BatchRowStatements implements RowStatements {
    private static final int KEY_CHUNK = 100;

    private final Dialect dialect;

    BatchRowStatements(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public Map<String, JobRecord> lock(Connection c, String table, List<String> keys) throws SQLException {
        Map<String, JobRecord> stored = new LinkedHashMap<>();
        for (int from = 0; from < keys.size(); from += KEY_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEY_CHUNK));
            String sql = "SELECT " + Columns.ALL + " FROM " + table + " WHERE job_unique IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") ORDER BY job_unique FOR UPDATE";
            try (PreparedStatement select = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        JobRecord r = Columns.read(rs);
                        stored.put(r.unique(), r);
                    }
                }
            }
        }
        return stored;
    }

    @Override
    public List<String> insertAbsent(Connection c, String table, List<JobRecord> records) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(dialect.insertIfAbsent(table, Columns.ALL,
                Columns.COUNT))) {
            for (JobRecord r : records) {
                Columns.bind(insert, 1, r, true);
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            List<String> notInserted = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                // 0: another writer's row came first; SUCCESS_NO_INFO: unknown, so merge (merging twice is harmless)
                if (i >= counts.length || counts[i] != 1) {
                    notInserted.add(records.get(i).unique());
                }
            }
            return notInserted;
        }
    }

    @Override
    public void update(Connection c, String table, List<JobRecord> records) throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET ");
        for (int i = 1; i < Columns.COUNT; i++) {
            sql.append(i > 1 ? ", " : "").append(Columns.NAMES.get(i)).append(" = ?");
        }
        sql.append(" WHERE job_unique = ?");
        try (PreparedStatement update = c.prepareStatement(sql.toString())) {
            for (JobRecord r : records) {
                Columns.bind(update, 1, r, false);
                update.setString(Columns.COUNT, r.unique());
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
