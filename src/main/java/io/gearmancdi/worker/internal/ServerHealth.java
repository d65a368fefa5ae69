package io.gearmancdi.worker.internal;

import io.gearmancdi.ServerAddress;

import java.util.HashSet;
import java.util.Set;

/**
 * The connection state of one server as seen by all the worker's connection loops to it, so that an outage is logged
 * once (WARNING, when the first loop loses its connection) and its end once (INFO, when the last failing loop is
 * connected again), however many connections and retries there are in between; the worker's listener is told at the
 * same two moments.
 */
final class ServerHealth {
    private final ServerAddress server;
    private final DefaultGearmanWorker worker;
    private final Set<ConnectionLoop> failing = new HashSet<>();
    private boolean outage;

    ServerHealth(ServerAddress server, DefaultGearmanWorker worker) {
        this.server = server;
        this.worker = worker;
    }

    /** A loop could not connect, or lost its connection. */
    synchronized void failed(ConnectionLoop loop, boolean wasConnected, Exception cause) {
        failing.add(loop);
        if (!outage) {
            outage = true;
            if (wasConnected) {
                WorkerMessages.lostConnection(server, describe(cause));
            } else {
                WorkerMessages.cannotConnect(server, describe(cause));
            }
            worker.serverDown(server, cause);
        } else {
            WorkerMessages.stillNoConnection(loop, server, describe(cause));
        }
    }

    /** A loop is connected and its functions registered. */
    synchronized void connected(ConnectionLoop loop) {
        if (failing.remove(loop) && failing.isEmpty() && outage) {
            outage = false;
            WorkerMessages.reconnected(server);
            worker.serverUp(server);
        }
    }

    /** A loop ended (shutdown): it no longer counts as failing. */
    synchronized void ended(ConnectionLoop loop) {
        failing.remove(loop);
        if (failing.isEmpty()) {
            outage = false;
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }
}
