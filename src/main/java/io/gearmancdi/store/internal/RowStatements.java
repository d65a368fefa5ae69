package io.gearmancdi.store.internal;

import io.gearmancdi.store.JobRecord;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The three statements of a batch write (see {@link JdbcJobStore}), for one kind of database: lock the rows that
 * exist, insert the new records unless another writer's row came first, update the merged rows. All run in the
 * caller's transaction.
 */
interface RowStatements {
    /**
     * @param keys unique ids in ascending order (every writer locks in the same order, so two never deadlock)
     * @return the stored records of those that exist, locked until the transaction ends
     */
    Map<String, JobRecord> lock(Connection c, String table, List<String> keys) throws SQLException;

    /**
     * Inserts each record whose unique id has no row yet.
     *
     * @return the unique ids that were not inserted because a row existed (or may have: to be locked and merged)
     */
    List<String> insertAbsent(Connection c, String table, List<JobRecord> records) throws SQLException;

    /** Replaces the rows of these records (all of which exist and are locked) with them. */
    void update(Connection c, String table, List<JobRecord> records) throws SQLException;
}
