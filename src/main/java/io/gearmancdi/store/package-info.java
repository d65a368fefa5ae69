/**
 * The optional job record store: a record per background job (state, progress, attempts, result or error), kept for
 * {@code gearman.store.retention} so that results of background jobs can be read later and failed jobs seen.
 *
 * <p>{@link io.gearmancdi.store.JobStore} is the service-provider interface; the library's implementation is on JDBC.
 * A store never stands in the way of a job: writes are queued and batched off the job's thread, and a job runs and is
 * reported to the job server whether or not its record could be written.
 */
package io.gearmancdi.store;
