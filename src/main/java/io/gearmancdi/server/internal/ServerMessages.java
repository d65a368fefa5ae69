package io.gearmancdi.server.internal;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.TRACE;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The embedded server's log messages, IDs GEARMAN-5000..5999 (see {@code message-ranges.txt}), all on the logger
 * {@code io.gearmancdi.server}. One method per message, each at a fixed level; IDs are stable and never reused.
 */
final class ServerMessages {
    private static final System.Logger LOG = System.getLogger("io.gearmancdi.server");

    private ServerMessages() {
    }

    /** GEARMAN-5001, INFO: the event loop is running and accepting connections. */
    static void listening(String host, int port) {
        if (LOG.isLoggable(INFO)) {
            LOG.log(INFO, "GEARMAN-5001: embedded gearman server listening on " + host + ":" + port);
        }
    }

    /** GEARMAN-5002, WARNING: a bug: a timer task (job timeout, resumed accept) threw; the loop goes on. */
    static void timerFailed(RuntimeException e) {
        LOG.log(WARNING, "GEARMAN-5002: timer failed", e);
    }

    /** GEARMAN-5003, INFO: the admin {@code shutdown} command stops the server. */
    static void shutdownRequested() {
        LOG.log(INFO, "GEARMAN-5003: shutdown requested by an admin command");
    }

    /** GEARMAN-5004, ERROR: the selector failed; the server stops. */
    static void loopFailed(Exception e) {
        LOG.log(ERROR, "GEARMAN-5004: embedded gearman server loop failed", e);
    }

    /** GEARMAN-5005, INFO: the event loop ended and every connection is closed. */
    static void stopped(int port) {
        if (LOG.isLoggable(INFO)) {
            LOG.log(INFO, "GEARMAN-5005: embedded gearman server on port " + port + " stopped");
        }
    }

    /** GEARMAN-5006, WARNING: a bug: serving a connection threw; that connection is closed, the others go on. */
    static void connectionFailed(ServerConnection c, RuntimeException e) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-5006: closing " + c + " after an unexpected error", e);
        }
    }

    /** GEARMAN-5007, WARNING: {@code accept} failed (e.g. out of file descriptors); accepting pauses briefly. */
    static void acceptFailed(String cause) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-5007: accept failed: " + cause);
        }
    }

    /** GEARMAN-5008, DEBUG: the server closes a connection (bad input, slow reader, write failure). */
    static void closing(ServerConnection c, String reason) {
        if (LOG.isLoggable(DEBUG)) {
            LOG.log(DEBUG, "GEARMAN-5008: closing " + c + ": " + reason);
        }
    }

    /** GEARMAN-5009, WARNING: a bug: releasing a closed connection's jobs and registrations threw. */
    static void cleanupFailed(ServerConnection c, RuntimeException e) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-5009: cleaning up " + c + " failed", e);
        }
    }

    /** GEARMAN-5010, TRACE: a connection is closed, by either side. */
    static void closed(ServerConnection c, String reason) {
        if (LOG.isLoggable(TRACE)) {
            LOG.log(TRACE, "GEARMAN-5010: " + c + " closed: " + reason);
        }
    }

    /** GEARMAN-5011, TRACE: the command-line server is still running (once a day). */
    static void stillRunning() {
        LOG.log(TRACE, "GEARMAN-5011: still running");
    }

    /** GEARMAN-5012, ERROR: an {@link Error} (out of memory above all) stopped the server; every job is lost. */
    static void loopDied(Error e) {
        try {
            LOG.log(ERROR, "GEARMAN-5012: embedded gearman server stopped by an unrecoverable error; every job is lost",
                    e);
        } catch (Throwable ignored) {
            // logging itself failed (out of memory): the failure is still reported by failure() and the exit status
        }
    }

    /** GEARMAN-5013, WARNING: receiving a packet would take the connections' read buffers beyond their bound. */
    static void inputBudgetExceeded(ServerConnection c, long bound) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-5013: closing " + c + ": the read buffers of all connections would exceed "
                    + bound + " bytes (maxBufferedInput)");
        }
    }
}
