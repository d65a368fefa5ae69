package io.gearmancdi.store.internal;

import io.gearmancdi.store.JobRecord;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link RowStatements} for PostgreSQL: each step is ONE statement for the whole batch, its values passed as one
 * array per column and spread into rows by {@code unnest}. Measured (bench {@code StoreMain}), PostgreSQL spent most of
 * its time per job on the per-row statements of plain JDBC batches (bind, execute, plan), not on the rows themselves;
 * with arrays a batch of a thousand costs three statements.
 */
final class PostgresRowStatements implements RowStatements {

    @Override
    public Map<String, JobRecord> lock(Connection c, String table, List<String> keys) throws SQLException {
        Map<String, JobRecord> stored = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return stored;
        }
        // rows are locked as the sorted rows leave the sort: in key order
        String sql = "SELECT " + Columns.ALL + " FROM " + table + " WHERE job_unique = ANY (?)"
                + " ORDER BY job_unique FOR UPDATE";
        try (PreparedStatement select = c.prepareStatement(sql)) {
            Array array = c.createArrayOf("text", keys.toArray());
            select.setArray(1, array);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    JobRecord r = Columns.read(rs);
                    stored.put(r.unique(), r);
                }
            } finally {
                array.free();
            }
        }
        return stored;
    }

    @Override
    public List<String> insertAbsent(Connection c, String table, List<JobRecord> records) throws SQLException {
        String sql = "INSERT INTO " + table + " (" + Columns.ALL + ") SELECT * FROM " + unnest()
                + " ON CONFLICT (job_unique) DO NOTHING RETURNING job_unique";
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            Array[] arrays = bindColumns(c, insert, records);
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            } finally {
                free(arrays);
            }
        }
        return records.stream().map(JobRecord::unique).filter(u -> !inserted.contains(u)).toList();
    }

    @Override
    public void update(Connection c, String table, List<JobRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" AS t SET ");
        for (int i = 1; i < Columns.COUNT; i++) {
            String column = Columns.NAMES.get(i);
            sql.append(i > 1 ? ", " : "").append(column).append(" = v.").append(column);
        }
        sql.append(" FROM ").append(unnest()).append(" AS v (").append(Columns.ALL).append(")")
                .append(" WHERE t.job_unique = v.job_unique");
        try (PreparedStatement update = c.prepareStatement(sql.toString())) {
            Array[] arrays = bindColumns(c, update, records);
            try {
                update.executeUpdate();
            } finally {
                free(arrays);
            }
        }
    }

    /** @return {@code unnest(?::text[], ...)}: one array parameter per column, zipped into rows */
    private static String unnest() {
        StringBuilder s = new StringBuilder("unnest(");
        for (int i = 0; i < Columns.COUNT; i++) {
            s.append(i > 0 ? ", " : "").append("?::").append(arrayType(i)).append("[]");
        }
        return s.append(")").toString();
    }

    private static String arrayType(int column) {
        return switch (Columns.sqlType(column)) {
            case Types.INTEGER -> "int4";
            case Types.BIGINT -> "int8";
            default -> "text";
        };
    }

    /** Binds one array per column, holding that column's value of every record in order. */
    private static Array[] bindColumns(Connection c, PreparedStatement s, List<JobRecord> records)
            throws SQLException {
        Object[][] columns = new Object[Columns.COUNT][];
        for (int i = 0; i < Columns.COUNT; i++) {
            // typed from the start: the driver derives each array's element type from it
            columns[i] = switch (Columns.sqlType(i)) {
                case Types.INTEGER -> new Integer[records.size()];
                case Types.BIGINT -> new Long[records.size()];
                default -> new String[records.size()];
            };
        }
        for (int row = 0; row < records.size(); row++) {
            Object[] values = Columns.values(records.get(row));
            for (int i = 0; i < Columns.COUNT; i++) {
                columns[i][row] = values[i];
            }
        }
        Array[] arrays = new Array[Columns.COUNT];
        for (int i = 0; i < Columns.COUNT; i++) {
            arrays[i] = c.createArrayOf(arrayType(i), columns[i]);
            s.setArray(i + 1, arrays[i]);
        }
        return arrays;
    }

    private static void free(Array[] arrays) throws SQLException {
        for (Array a : arrays) {
            if (a != null) {
                a.free();
            }
        }
    }
}
