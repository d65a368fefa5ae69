package io.gearmancdi;

import java.util.Objects;
import java.util.Optional;

/**
 * A CDI event, fired asynchronously ({@code @ObservesAsync GearmanServerEvent}), when a job server becomes unreachable
 * for this application's workers and when it is reachable again: once per transition, however many worker
 * connections and retries there are in between (the same two moments as the log messages GEARMAN-3010/3011 and
 * GEARMAN-3013). Fired only while the application runs workers.
 *
 * @since 1.1
 */
public final class GearmanServerEvent {
    private final ServerAddress address;
    private final boolean up;
    private final Throwable cause;

    /**
     * @param address the job server
     * @param up      {@code true}: reachable again; {@code false}: unreachable
     * @param cause   why it is unreachable ({@code null} when up)
     */
    public GearmanServerEvent(ServerAddress address, boolean up, Throwable cause) {
        this.address = Objects.requireNonNull(address, "address");
        this.up = up;
        this.cause = cause;
    }

    /** @return the job server */
    public ServerAddress address() {
        return address;
    }

    /** @return whether the server became reachable ({@code true}) or unreachable ({@code false}) */
    public boolean isUp() {
        return up;
    }

    /** @return why the server is unreachable; empty when it is up */
    public Optional<Throwable> cause() {
        return Optional.ofNullable(cause);
    }

    @Override
    public String toString() {
        return "GearmanServerEvent[" + address + " " + (up ? "up" : "down: " + cause) + "]";
    }
}
