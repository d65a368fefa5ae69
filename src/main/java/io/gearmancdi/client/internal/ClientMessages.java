package io.gearmancdi.client.internal;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.PacketType;

import java.time.Duration;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The client's log messages, IDs GEARMAN-2000..2999 (see {@code message-ranges.txt}), all on the logger
 * {@code io.gearmancdi.client}. One method per message, each at a fixed level; IDs are stable and never reused.
 */
final class ClientMessages {
    private static final System.Logger LOG = System.getLogger("io.gearmancdi.client");

    private ClientMessages() {
    }

    /** GEARMAN-2001, WARNING: the first failed attempt to connect to a server; logged once per outage. */
    static void cannotReach(ServerAddress server, String cause) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-2001: cannot reach gearman server " + server + ": " + cause
                    + "; retrying with back-off");
        }
    }

    /** GEARMAN-2002, INFO: a server that could not be reached is connected again. */
    static void reachableAgain(ServerAddress server) {
        if (LOG.isLoggable(INFO)) {
            LOG.log(INFO, "GEARMAN-2002: gearman server " + server + " is reachable again");
        }
    }

    /** GEARMAN-2003, WARNING: an open connection was lost (not closed by the client). */
    static void lostConnection(ServerAddress server) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-2003: lost connection to gearman server " + server);
        }
    }

    /** GEARMAN-2004, INFO: a foreground job is submitted again after its connection was lost. */
    static void resubmitting(ForegroundJob job, ServerAddress lost) {
        if (LOG.isLoggable(INFO)) {
            LOG.log(INFO, "GEARMAN-2004: resubmitting " + job + " after losing gearman server " + lost);
        }
    }

    /** GEARMAN-2005, WARNING: the server broke the protocol; the connection is closed. */
    static void closingAfterProtocolError(ServerAddress server, String problem) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-2005: closing connection to gearman server " + server + ": " + problem);
        }
    }

    /** GEARMAN-2006, ERROR: the connection's reader failed unexpectedly (a bug, or an {@code Error} such as running
     * out of memory); the connection is closed, what was pending on it is retried or failed, the server reconnected. */
    static void readerFailed(ServerAddress server, Throwable e) {
        if (LOG.isLoggable(ERROR)) {
            LOG.log(ERROR, "GEARMAN-2006: unexpected failure reading from gearman server " + server, e);
        }
    }

    /** GEARMAN-2007, WARNING: an application's {@code JobListener} threw on a WORK_STATUS/DATA/WARNING packet. */
    static void listenerFailed(PacketType type, ForegroundJob job, Throwable e) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-2007: job listener failed on " + type + " of " + job, e);
        }
    }

    /** GEARMAN-2008, WARNING: an ERROR packet that answers no pending request. */
    static void unexpectedError(ServerAddress server, String code, String text) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-2008: gearman server " + server + " sent ERROR " + code + ": " + text);
        }
    }

    /** GEARMAN-2009, WARNING: the server refused {@code OPTION_REQ exceptions}; logged once per connection. */
    static void exceptionsOptionRefused(ServerAddress server, String code) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-2009: gearman server " + server + " refused OPTION_REQ exceptions (" + code
                    + "): jobs that throw will be reported as plain failures");
        }
    }

    /** GEARMAN-2010, WARNING: {@code close()} gave up waiting for a reader thread (a completion callback blocks it). */
    static void readerOutlivedClose(ServerAddress server, Duration waited) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-2010: the reader of gearman server " + server + " has not ended within " + waited
                    + " of close(): a completion callback is still running on it");
        }
    }

    /** GEARMAN-2011, ERROR: an action of the client's timer (a job's deadline, a resubmission) threw. */
    static void timerActionFailed(Throwable e) {
        LOG.log(ERROR, "GEARMAN-2011: a timed action of the gearman client failed", e);
    }

    /** GEARMAN-2012, WARNING: a server left a request or a heartbeat unanswered for the heartbeat timeout (hung, a
     * frozen process, say); its connection is closed and new submissions go to the other servers until it answers. */
    static void serverNotAnswering(ServerAddress server, Duration silent) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-2012: gearman server " + server + " has not answered for " + silent
                    + "; closing its connection and routing new jobs to the other servers until it answers again");
        }
    }

    /** GEARMAN-2013, INFO: a server that had stopped answering answered a probe; it receives jobs again. */
    static void answeringAgain(ServerAddress server) {
        if (LOG.isLoggable(INFO)) {
            LOG.log(INFO, "GEARMAN-2013: gearman server " + server + " answers again");
        }
    }
}
