package io.gearmancdi.worker;

import io.gearmancdi.ServerAddress;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of one worker connection, for health checks and metrics (see {@link GearmanWorker#connections()}).
 *
 * @param name     the connection's name, e.g. {@code gearman-worker-localhost:4730-1}
 * @param server   the job server it connects to
 * @param state    what it is doing
 * @param function the function of the job it runs, or {@code null} when not {@link State#BUSY}
 * @param activity what the connection is waiting for, in words (e.g. "a reply from the server")
 * @param overdue  how long ago the connection should have made progress (a reply, a re-poll, a {@code NOOP}, a
 *                 connection attempt, the end of its job), or {@link Duration#ZERO} if it is within its bound; a
 *                 connection that is overdue is wedged
 * @since 1.1
 */
public record WorkerConnection(String name, ServerAddress server, State state, String function, String activity,
                               Duration overdue) {

    /** What a connection does. */
    public enum State {
        /** Opening the connection and registering the functions. */
        CONNECTING("connecting"),
        /** Connected, waiting for a job. */
        IDLE("idle"),
        /** Connected, running a job (or sending its outcome). */
        BUSY("busy"),
        /** Not connected: waiting before the next attempt. */
        DISCONNECTED("disconnected"),
        /** Ended (shutdown). */
        STOPPED("stopped");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** @return the lower-case label used in metrics */
        public String label() {
            return label;
        }
    }

    /** @return why the connection counts as wedged, if it does */
    public Optional<String> wedged() {
        if (overdue.isZero() || overdue.isNegative()) {
            return Optional.empty();
        }
        return Optional.of(name + " made no progress for " + overdue.toMillis() + " ms past its bound while "
                + activity);
    }
}
