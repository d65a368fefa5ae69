package io.gearmancdi.store.internal;

import io.gearmancdi.JobOutcome.State;
import io.gearmancdi.store.JobRecord;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns of the job record table, in the one order every statement uses ({@code job_unique} first), and how a
 * {@link JobRecord} maps to them: times as epoch milliseconds, the state by name.
 */
final class Columns {
    /** Every column, comma-separated, {@code job_unique} first. */
    static final String ALL = "job_unique, job_server, job_handle, job_name, function_name, job_state, attempts, "
            + "progress_num, progress_den, payload, job_result, error_type, error_message, worker, submitted_at, "
            + "started_at, finished_at, next_attempt_at, updated_at";
    /** {@link #ALL} as a list. */
    static final List<String> NAMES = List.of(ALL.split(", "));
    /** How many columns. */
    static final int COUNT = NAMES.size();

    private Columns() {
    }

    /** @return the column names, for comparing with a table's */
    static Set<String> names() {
        return new LinkedHashSet<>(NAMES);
    }

    /** @return the values of {@code r} in column order ({@code updated_at} never {@code null}) */
    static Object[] values(JobRecord r) {
        return new Object[] {r.unique(), r.server(), r.handle(), r.jobName(), r.functionName(), r.state().name(),
            r.attempts(), r.progressNumerator(), r.progressDenominator(), r.payload(), r.result(), r.errorType(),
            r.errorMessage(), r.worker(), millis(r.submittedAt()), millis(r.startedAt()), millis(r.finishedAt()),
            millis(r.nextAttemptAt()), Math.max(1, r.updatedAt() == null ? System.currentTimeMillis()
                    : r.updatedAt().toEpochMilli())};
    }

    /** The SQL type of column {@code i} (0-based): text, integer ({@code attempts}) or big integer. */
    static int sqlType(int i) {
        if (i == 6) {
            return Types.INTEGER;
        }
        return i == 7 || i == 8 || i >= 14 ? Types.BIGINT : Types.VARCHAR;
    }

    /**
     * Binds the values of {@code r} to parameters {@code first}, {@code first + 1}, ... in column order, leaving out
     * {@code job_unique} when {@code withKey} is false.
     */
    static void bind(PreparedStatement s, int first, JobRecord r, boolean withKey) throws SQLException {
        Object[] values = values(r);
        int p = first;
        for (int i = withKey ? 0 : 1; i < COUNT; i++) {
            Object v = values[i];
            if (v == null) {
                s.setNull(p++, sqlType(i));
            } else if (v instanceof Integer n) {
                s.setInt(p++, n);
            } else if (v instanceof Long n) {
                s.setLong(p++, n);
            } else {
                s.setString(p++, (String) v);
            }
        }
    }

    /** @return the record in the current row of {@code rs}, whose columns are {@link #ALL} */
    static JobRecord read(ResultSet rs) throws SQLException {
        return new JobRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                State.valueOf(rs.getString(6)), getInt(rs, 7), getLong(rs, 8), getLong(rs, 9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), getInstant(rs, 15),
                getInstant(rs, 16), getInstant(rs, 17), getInstant(rs, 18), getInstant(rs, 19));
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static Integer getInt(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    private static Long getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Instant getInstant(ResultSet rs, int i) throws SQLException {
        Long v = getLong(rs, i);
        return v == null ? null : Instant.ofEpochMilli(v);
    }
}
