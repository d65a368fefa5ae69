package io.gearmancdi.store.internal;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The log messages of the job record store, IDs GEARMAN-9000..9099 (see {@code message-ranges.txt}). One method per
 * message, each at a fixed level; IDs are stable and never reused.
 */
final class StoreMessages {
    private static final System.Logger LOG = System.getLogger("io.gearmancdi.store");

    private StoreMessages() {
    }

    /** GEARMAN-9001, INFO: the store is ready (table checked or created). */
    static void ready(String table, String dialect, boolean created) {
        LOG.log(INFO, "GEARMAN-9001: job record store ready: table " + table + " on " + dialect
                + (created ? " (created)" : ""));
    }

    /** GEARMAN-9002, WARNING: the database cannot be written; once per outage. Jobs run on. */
    static void outage(String table, int queued, Throwable cause) {
        LOG.log(WARNING, "GEARMAN-9002: cannot write job records to " + table + " (" + cause + "); jobs run on, "
                + queued + " record changes are queued and retried with back-off until the database is back", cause);
    }

    /** GEARMAN-9003, INFO: the database is written again after an outage. */
    static void recovered(String table, long downMillis) {
        LOG.log(INFO, "GEARMAN-9003: job records are written to " + table + " again after " + downMillis + " ms");
    }

    /** GEARMAN-9004, WARNING: the queue was full, changes were dropped (counted per report). */
    static void dropped(long count, int capacity) {
        LOG.log(WARNING, "GEARMAN-9004: dropped " + count + " job record changes: the store's queue of " + capacity
                + " was full (the database is down or too slow); the jobs themselves were not affected");
    }

    /** GEARMAN-9005, WARNING: the background purge failed; it is tried again later. */
    static void purgeFailed(String table, Throwable cause) {
        LOG.log(WARNING, "GEARMAN-9005: purging old job records from " + table + " failed (" + cause
                + "); tried again later");
    }

    /** GEARMAN-9006, WARNING: closed with changes still queued (the database was unreachable). */
    static void closedWithQueued(int count) {
        LOG.log(WARNING, "GEARMAN-9006: job record store closed with " + count + " record changes not written "
                + "(the database did not accept them in time)");
    }

    /** GEARMAN-9007, WARNING: the writer thread met an unexpected failure; it goes on. */
    static void writerFailed(Throwable cause) {
        LOG.log(WARNING, "GEARMAN-9007: job record writer failed unexpectedly (" + cause + "); it goes on", cause);
    }
}
