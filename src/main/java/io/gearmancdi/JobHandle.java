package io.gearmancdi;

/**
 * Identifies a submitted job: the server that holds it, the handle it gave, and the job's unique id.
 *
 * <p>Handles are only meaningful on their server while it runs (gearmand restarts its counter); the unique id is the
 * durable reference.
 *
 * @param server the server that created the job
 * @param handle the handle from {@code JOB_CREATED}, e.g. {@code H:host:42}
 * @param unique the unique id sent with the job
 */
public record JobHandle(ServerAddress server, String handle, String unique) {
    @Override
    public String toString() {
        return handle + "@" + server;
    }
}
