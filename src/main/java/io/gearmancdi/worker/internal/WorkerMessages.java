package io.gearmancdi.worker.internal;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.worker.WorkerJob;

import java.util.Collection;
import java.util.List;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The worker's log messages, IDs GEARMAN-3000..3999 (see {@code message-ranges.txt}), all on the logger
 * {@code io.gearmancdi.worker}. One method per message, each at a fixed level; IDs are stable and never reused.
 */
final class WorkerMessages {
    private static final System.Logger LOG = System.getLogger("io.gearmancdi.worker");

    private WorkerMessages() {
    }

    /** GEARMAN-3001, ERROR: a bug: a connection loop died of an unexpected exception. */
    static void loopFailed(ConnectionLoop loop, Throwable e) {
        if (LOG.isLoggable(ERROR)) {
            LOG.log(ERROR, "GEARMAN-3001: worker loop " + loop.name() + " stopped by an unexpected error", e);
        }
    }

    /** GEARMAN-3002, INFO: a connection loop's thread was interrupted by someone else; the loop ends. */
    static void loopInterrupted(ConnectionLoop loop) {
        if (LOG.isLoggable(INFO)) {
            LOG.log(INFO, "GEARMAN-3002: worker loop " + loop.name() + " interrupted, stopping");
        }
    }

    /** GEARMAN-3003, WARNING: the server answered a worker request with an ERROR packet. */
    static void serverError(ServerAddress server, String code, String text, ConnectionLoop loop) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3003: gearman server " + server + " answered ERROR " + code + ": " + text
                    + " (worker connection " + loop.name() + ")");
        }
    }

    /** GEARMAN-3004, DEBUG: a job arrived while the worker was stopping; it goes back to the server unstarted. */
    static void assignedDuringShutdown(WorkerJob job) {
        if (LOG.isLoggable(DEBUG)) {
            LOG.log(DEBUG, "GEARMAN-3004: " + describe(job) + " assigned during shutdown, handing it back");
        }
    }

    /** GEARMAN-3005, ERROR: a job function failed with a {@link VirtualMachineError} (out of memory, ...). */
    static void fatalError(WorkerJob job, Throwable fatal) {
        if (LOG.isLoggable(ERROR)) {
            LOG.log(ERROR, "GEARMAN-3005: " + describe(job) + " failed with " + fatal + "; this JVM may be unstable");
        }
    }

    /** GEARMAN-3006, DEBUG: a job abandoned by the shutdown ended anyway; its outcome is not sent. */
    static void endedAfterAbandon(WorkerJob job) {
        if (LOG.isLoggable(DEBUG)) {
            LOG.log(DEBUG, "GEARMAN-3006: " + describe(job) + " ended after the shutdown abandoned it; outcome dropped");
        }
    }

    /** GEARMAN-3007, INFO: a job ended after its time limit had already failed it; its outcome is not sent. */
    static void endedAfterTimeout(WorkerJob job, Throwable lateFailure) {
        if (LOG.isLoggable(INFO)) {
            LOG.log(INFO, "GEARMAN-3007: " + describe(job) + " ended after its time limit had failed it; "
                    + (lateFailure == null ? "result" : "failure " + lateFailure) + " dropped");
        }
    }

    /** GEARMAN-3008, WARNING: a job's outcome could not be written; the server requeues the job. */
    static void outcomeNotSent(WorkerJob job, ServerAddress server, String cause) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3008: the outcome of " + describe(job) + " could not be sent to " + server
                    + " (" + cause + "); dropped, the server requeues the job");
        }
    }

    /** GEARMAN-3009, WARNING: the shutdown timeout passed with the job still running; it is interrupted. */
    static void abandoning(WorkerJob job) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3009: " + describe(job) + " did not finish within the shutdown timeout;"
                    + " abandoning it (the server gives it to another worker)");
        }
    }

    /** GEARMAN-3010, WARNING: the first loop to lose its connection to a server; logged once per outage. */
    static void lostConnection(ServerAddress server, String cause) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3010: lost connection to " + server + ", retrying: " + cause);
        }
    }

    /** GEARMAN-3011, WARNING: the first loop that cannot connect to a server; logged once per outage. */
    static void cannotConnect(ServerAddress server, String cause) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3011: cannot connect to " + server + ", retrying: " + cause);
        }
    }

    /** GEARMAN-3012, DEBUG: a further failed attempt during an outage already logged. */
    static void stillNoConnection(ConnectionLoop loop, ServerAddress server, String cause) {
        if (LOG.isLoggable(DEBUG)) {
            LOG.log(DEBUG, "GEARMAN-3012: " + loop.name() + ": still no connection to " + server + ": " + cause);
        }
    }

    /** GEARMAN-3013, INFO: the end of an outage: every loop to the server is connected and registered again. */
    static void reconnected(ServerAddress server) {
        if (LOG.isLoggable(INFO)) {
            LOG.log(INFO, "GEARMAN-3013: reconnected to " + server + ", functions registered again");
        }
    }

    /** GEARMAN-3014, INFO: the worker started its connection loops. */
    static void workerStarted(int connectionsPerServer, List<ServerAddress> servers, Collection<String> functions) {
        if (LOG.isLoggable(INFO)) {
            LOG.log(INFO, "GEARMAN-3014: gearman worker started: " + connectionsPerServer
                    + " connection(s) to each of " + servers + " serving " + functions);
        }
    }

    /** GEARMAN-3015, WARNING: after the shutdown, a loop still runs a function that ignores interrupts. */
    static void loopNotEnded(ConnectionLoop loop) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3015: worker loop " + loop.name() + " has not ended yet: its function"
                    + " ignores interrupts");
        }
    }

    /** GEARMAN-3016, INFO: the worker stopped after draining every job in flight. */
    static void workerStopped() {
        LOG.log(INFO, "GEARMAN-3016: gearman worker stopped");
    }

    /** GEARMAN-3017, INFO: the worker stopped, abandoning jobs in flight after its shutdown timeout. */
    static void workerStoppedAbandoningJobs() {
        LOG.log(INFO, "GEARMAN-3017: gearman worker stopped; jobs in flight were abandoned");
    }

    /** GEARMAN-3018, WARNING: the application's {@code JobErrorHandler} threw. */
    static void errorHandlerFailed(WorkerJob job, Throwable e) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3018: the job error handler threw while handling the failure of job "
                    + job.handle(), e);
        }
    }

    /** GEARMAN-3019, WARNING: a job threw, no {@code JobErrorHandler} set; with the stack trace; rate-limited. */
    static void jobFailed(WorkerJob job, Throwable error, int suppressed) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3019: " + describe(job) + " failed" + repeats(suppressed), error);
        }
    }

    /** GEARMAN-3020, WARNING: a job's time limit passed and its failure could not be sent. */
    static void timeoutNotSent(WorkerJob job, ServerAddress server, String cause) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3020: " + describe(job) + " timed out, and the failure could not be sent to "
                    + server + ": " + cause);
        }
    }

    /** GEARMAN-3021, INFO: the server refused {@code GRAB_JOB_UNIQ}; the connection uses the original protocol. */
    static void grabUniqRefused(ServerAddress server, ConnectionLoop loop) {
        if (LOG.isLoggable(INFO)) {
            LOG.log(INFO, "GEARMAN-3021: gearman server " + server + " refused GRAB_JOB_UNIQ; worker connection "
                    + loop.name() + " grabs with GRAB_JOB and reports failures as WORK_EXCEPTION + WORK_FAIL");
        }
    }

    /** GEARMAN-3022, ERROR: out of memory, survived: the job failed, or the connection is opened again. */
    static void outOfMemorySurvived(WorkerJob job, Throwable error, int recent) {
        if (LOG.isLoggable(ERROR)) {
            LOG.log(ERROR, "GEARMAN-3022: out of memory " + (job == null ? "while reading from the server"
                    : "in " + describe(job)) + " (" + error.getMessage() + "; " + recent + " within a minute); "
                    + (job == null ? "reconnecting, the server requeues the job" : "the job failed")
                    + ". Give the JVM more heap, or lower the largest job size");
        }
    }

    /** GEARMAN-3023, ERROR: an error the worker cannot survive; it reports itself unhealthy. */
    static void unhealthy(Throwable error) {
        if (LOG.isLoggable(ERROR)) {
            LOG.log(ERROR, "GEARMAN-3023: gearman worker unhealthy after an error it cannot survive: " + error, error);
        }
    }

    /** GEARMAN-3024, WARNING: the application's fatal-error handler threw. */
    static void fatalHandlerFailed(Throwable e) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3024: the worker's fatal-error handler threw", e);
        }
    }

    /** GEARMAN-3025, WARNING: a job failed by its caller's payload or its time limit: one line; rate-limited. */
    static void jobRejected(WorkerJob job, Throwable error, int suppressed) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3025: " + describe(job) + " failed: " + error.getClass().getSimpleName() + ": "
                    + error.getMessage() + repeats(suppressed));
        }
    }

    /** GEARMAN-3026, WARNING: a job above the worker's packet size limit was failed without reading its payload. */
    static void jobTooBig(ServerAddress server, String what) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3026: failed without reading it: " + what + " (from " + server + ")");
        }
    }

    /** GEARMAN-3027, INFO: a failed attempt is retried in place after a back-off. */
    static void retryingInPlace(WorkerJob job, Throwable failure, java.time.Duration delay) {
        if (LOG.isLoggable(INFO)) {
            LOG.log(INFO, "GEARMAN-3027: " + describe(job) + " attempt " + job.attempt() + " of " + job.maxAttempts()
                    + " failed (" + failure.getClass().getName() + ": " + failure.getMessage() + "); retrying in place in "
                    + delay.toMillis() + " ms");
        }
    }

    /** GEARMAN-3028, INFO: a failed attempt of a background job was resubmitted as a delayed job. */
    static void retrySubmitted(WorkerJob job, Throwable failure, String unique, String handle,
                               java.time.Duration delay) {
        if (LOG.isLoggable(INFO)) {
            LOG.log(INFO, "GEARMAN-3028: " + describe(job) + " attempt " + job.attempt() + " of " + job.maxAttempts()
                    + " failed (" + failure.getClass().getName() + ": " + failure.getMessage() + "); attempt "
                    + (job.attempt() + 1) + " queued as " + handle + " with unique '" + unique + "' in about "
                    + delay.toMillis() + " ms");
        }
    }

    /** GEARMAN-3029, WARNING: a background retry could not be submitted; the job is retried in place instead. */
    static void retryNotSubmitted(WorkerJob job, ServerAddress server, String why) {
        if (LOG.isLoggable(WARNING)) {
            LOG.log(WARNING, "GEARMAN-3029: cannot queue the retry of " + describe(job) + " on " + server + " ("
                    + why + "); retrying it in place");
        }
    }

    private static String repeats(int suppressed) {
        return suppressed == 0 ? "" : " (the same failure " + suppressed + " more times since it was last logged)";
    }

    private static String describe(WorkerJob job) {
        return "job " + job.handle() + " of function '" + job.function() + "'";
    }
}
