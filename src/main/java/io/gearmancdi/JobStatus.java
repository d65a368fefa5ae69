package io.gearmancdi;

/**
 * The server's view of a job, from {@code GET_STATUS} or {@code GET_STATUS_UNIQUE}.
 *
 * <p>gearmand forgets a job the moment it ends, so {@code known == false} means "finished, failed or never existed":
 * success of a background job cannot be learnt from the server.
 *
 * @param known          the server holds the job (queued or running)
 * @param running        a worker is running it
 * @param numerator      last progress numerator sent by the worker (0 if none)
 * @param denominator    last progress denominator sent by the worker (0 if none)
 * @param waitingClients foreground clients attached to the job, or -1 when the query could not tell (by handle)
 */
public record JobStatus(boolean known, boolean running, long numerator, long denominator, int waitingClients) {
    /** The status of a job the server does not hold. */
    public static final JobStatus UNKNOWN = new JobStatus(false, false, 0, 0, 0);

    /** @return progress as a fraction in [0, 1], or 0 if the worker reported none */
    public double progress() {
        return denominator <= 0 ? 0 : Math.min(1.0, (double) numerator / denominator);
    }
}
