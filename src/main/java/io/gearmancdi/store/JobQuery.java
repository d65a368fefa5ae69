package io.gearmancdi.store;

import io.gearmancdi.JobOutcome;

/**
 * Which records {@link JobStore#find(JobQuery)} lists, newest update first.
 *
 * @param state   only records in this state, or {@code null} for all
 * @param jobName only records of this logical job name, or {@code null} for all
 * @param offset  records to skip
 * @param limit   at most this many records
 */
public record JobQuery(JobOutcome.State state, String jobName, int offset, int limit) {
    /** The newest {@code limit} records of every state and job. */
    public static JobQuery latest(int limit) {
        return new JobQuery(null, null, 0, limit);
    }
}
