package io.gearmancdi.dashboard;

import io.gearmancdi.store.JobRecord;

/**
 * What the dashboard's buttons do, supplied by the host (which has the client): the dashboard checks the permission,
 * the CSRF token and the record's state first.
 *
 * <p><b>Concurrency.</b> Called from the host's request threads: implementations must be thread-safe.
 *
 * @since 1.1
 */
public interface JobActions {
    /**
     * Runs a failed (or cancelled) job again: submits its stored request to its job as a new background job.
     *
     * @param record the job's record, with its payload
     * @return the unique id of the new job
     */
    String retry(JobRecord record);

    /**
     * Removes a queued background job from its job server.
     *
     * @param record the job's record, with its server and handle
     * @return whether the server removed it ({@code false} when a worker had already taken it)
     */
    boolean cancel(JobRecord record);
}
