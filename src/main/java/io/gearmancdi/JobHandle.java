package io.gearmancdi;

/**
 * Identifies a submitted job: the server that holds it, the handle it gave, and the job's unique id.
 *
 * <p>Handles are only meaningful on their server while it runs (gearmand restarts its counter); the unique id is the
 * durable reference.
 *
 * <p>A handle is {@linkplain #isDeferred() deferred} when {@link GearmanClient#submitBackground(JobRequest)} was
 * called inside a JTA transaction: the job is submitted only after the commit, so the handle has its unique id but no
 * server and no server handle.
 *
 * @param server the server that created the job, {@code null} while deferred
 * @param handle the handle from {@code JOB_CREATED}, e.g. {@code H:host:42}, {@code null} while deferred
 * @param unique the unique id sent with the job
 */
public record JobHandle(ServerAddress server, String handle, String unique) {

    /**
     * @param unique the unique id the job will be submitted with
     * @return the handle of a job whose submission waits for its transaction to commit
     */
    public static JobHandle deferred(String unique) {
        return new JobHandle(null, null, java.util.Objects.requireNonNull(unique, "unique"));
    }

    /** @return whether the job waits for its transaction to commit, so that there is no server handle (yet) */
    public boolean isDeferred() {
        return handle == null;
    }

    @Override
    public String toString() {
        return isDeferred() ? "deferred(unique " + unique + ")" : handle + "@" + server;
    }
}
