package io.gearmancdi.store;

import io.gearmancdi.JobOutcome;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Service-provider interface of the job record store.
 *
 * <p>Writes must not block the caller on the database: an implementation queues them and writes in batches on its own
 * thread, and a write that fails is retried or dropped with a log line — a job never fails because of its record.
 * Records may arrive out of order (the client's {@code QUEUED} after the worker's {@code RUNNING}, from different
 * processes): a write never moves a record back from a later state to an earlier one of the same attempt.
 */
public interface JobStore extends AutoCloseable {

    /**
     * Queues a change to the record of {@code change.unique()}: creates it when absent, otherwise sets every non-null
     * field of the change.
     *
     * @param change the change
     */
    void write(JobRecord change);

    /**
     * @param unique a job's unique id
     * @return its record, including changes still queued by this instance
     */
    Optional<JobRecord> find(String unique);

    /**
     * @param server the job server ({@code host:port})
     * @param handle the job handle it gave
     * @return the newest record with that handle on that server
     */
    Optional<JobRecord> findByHandle(String server, String handle);

    /**
     * @param query which records
     * @return the records, newest update first
     */
    List<JobRecord> find(JobQuery query);

    /**
     * The records not final and not changed for a while: jobs whose worker may have died before it wrote their
     * outcome (the reconciliation asks the job servers about them).
     *
     * @param updatedBefore records last changed before this instant
     * @param limit         at most this many, oldest first
     * @return the records in state {@code QUEUED}, {@code RUNNING} or {@code RETRYING} last changed before the bound
     */
    default List<JobRecord> findNotUpdatedSince(Instant updatedBefore, int limit) {
        return List.of();
    }

    /** @return how many records are in each state, per logical job name */
    Map<String, Map<JobOutcome.State, Long>> countByJobAndState();

    /**
     * Deletes final records older than a bound (run in the background for {@code gearman.store.retention}).
     *
     * @param finishedBefore records that reached a final state before this instant go
     * @return how many records were deleted
     */
    int purge(Instant finishedBefore);

    /** Writes what is queued (bounded wait) and releases the store's resources. */
    @Override
    void close();
}
