package io.gearmancdi.admin;

/**
 * One line of the {@code show jobs} admin reply: a job the server holds, queued or running.
 *
 * @param handle    the job handle
 * @param retries   how many times the job was requeued after losing its worker
 * @param ignored   whether it was cancelled or abandoned by its client and waits to be purged
 * @param persisted whether it is in the persistent queue (background jobs)
 */
public record QueuedJob(String handle, int retries, boolean ignored, boolean persisted) {
}
