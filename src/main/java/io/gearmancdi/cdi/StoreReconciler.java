package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobOutcome.State;
import io.gearmancdi.JobStatus;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.store.JobRecord;
import io.gearmancdi.store.JobStore;
import io.gearmancdi.worker.RetryPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Settles records whose job no job server knows any more: a worker that died after its job ended but before the
 * outcome was written (or a job server that restarted and lost its queue) leaves a record {@code QUEUED},
 * {@code RUNNING} or {@code RETRYING} for ever. Records not changed for {@link #STALE_AFTER} are checked against the
 * job server ({@code GET_STATUS} by handle, else {@code GET_STATUS_UNIQUE}); a job the server does not know is marked
 * {@code FAILED} with the error type {@value #LOST}. A job the server still holds (queued, running, or a retry waiting
 * for its time) is left alone, however long it takes. A server that cannot be asked leaves the record alone.
 *
 * <p>Without a handle (jobs of other clients, or a retry) the job is looked up by unique id, which the client routes
 * to one server: with several job servers such records are left alone, since the server asked might not be the one
 * holding the job. The marker is not final for good: a real outcome that arrives later replaces it.
 */
final class StoreReconciler {
    /** How long a record must be unchanged before its job server is asked about it. */
    static final Duration STALE_AFTER = Duration.ofMinutes(5);
    /** The error type of a record whose job no job server knows. */
    static final String LOST = JobRecord.LOST;
    private static final int BATCH = 200;

    private StoreReconciler() {
    }

    /**
     * @param staleAfter records unchanged for this long are checked
     * @return how many records were marked lost
     */
    static int reconcile(JobStore store, GearmanClient client, int servers, Duration staleAfter) {
        List<JobRecord> stale = store.findNotUpdatedSince(Instant.now().minus(staleAfter), BATCH);
        int lost = 0;
        for (JobRecord record : stale) {
            JobStatus status;
            try {
                status = status(record, client, servers);
            } catch (RuntimeException e) {
                continue; // the server cannot be asked now: next time
            }
            if (status != null && !status.known()) {
                Instant now = Instant.now();
                store.write(new JobRecord(record.unique(), null, null, null, null, State.FAILED, null, null, null, null,
                        null, LOST, "no job server knows this job any more, and no worker reported how it ended "
                        + "(the worker may have died after the job, or the job server lost its queue); last state "
                        + record.state(), null, null, null, now, null, now));
                lost++;
            }
        }
        return lost;
    }

    /** @return the job server's view of the record's job, or {@code null} when it cannot be asked reliably */
    private static JobStatus status(JobRecord record, GearmanClient client, int servers) {
        if (record.state() == State.RETRYING) {
            int next = (record.attempts() == null ? 1 : record.attempts()) + 1;
            return servers == 1 ? client.statusByUnique(RetryPolicy.retryUnique(record.unique(), next)) : null;
        }
        if (record.server() != null && record.handle() != null) {
            return client.status(new JobHandle(ServerAddress.parse(record.server()), record.handle(),
                    record.unique()));
        }
        return servers == 1 && !record.unique().startsWith("handle:") ? client.statusByUnique(record.unique()) : null;
    }
}
