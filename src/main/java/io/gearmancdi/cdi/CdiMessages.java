package io.gearmancdi.cdi;

import io.gearmancdi.ServerAddress;

import java.time.Duration;
import java.util.List;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The CDI layer's log messages, IDs GEARMAN-7000..7999 (see {@code message-ranges.txt}). One method per message, each
 * at a fixed level; IDs are stable and never reused. The loggers keep the names of the classes that log, all under
 * {@code io.gearmancdi.cdi}, so that existing logging configuration keeps working.
 */
final class CdiMessages {
    private static final System.Logger EXTENSION = System.getLogger("io.gearmancdi.cdi.GearmanExtension");
    private static final System.Logger EXECUTOR = System.getLogger("io.gearmancdi.cdi.DefaultWorkerExecutorProvider");
    private static final System.Logger MANAGED = System.getLogger("io.gearmancdi.cdi.ManagedExecutorSupport");
    private static final System.Logger WORKERS = System.getLogger("io.gearmancdi.cdi.WorkerManager");
    private static final System.Logger CLIENT = System.getLogger("io.gearmancdi.cdi.GearmanClientBean");
    private static final System.Logger INVOKER = System.getLogger("io.gearmancdi.cdi.JobInvoker");
    private static final System.Logger EMBEDDED = System.getLogger("io.gearmancdi.cdi.EmbeddedServerSupport");

    private CdiMessages() {
    }

    /** GEARMAN-7001, DEBUG: the {@code @GearmanJob} methods found while the beans were discovered. */
    static void jobsFound(List<JobDefinition> jobs) {
        if (EXTENSION.isLoggable(DEBUG)) {
            EXTENSION.log(DEBUG, "GEARMAN-7001: gearman-cdi found " + jobs.size() + " jobs: "
                    + jobs.stream().map(JobDefinition::name).toList());
        }
    }

    /** GEARMAN-7002, DEBUG: the worker loops run on the container's managed executor bound at {@code name}. */
    static void managedExecutor(String name) {
        if (EXECUTOR.isLoggable(DEBUG)) {
            EXECUTOR.log(DEBUG, "GEARMAN-7002: worker loops run on " + name + " as long-running tasks");
        }
    }

    /** GEARMAN-7003, DEBUG: no managed executor (e.g. Weld SE): the worker loops get threads of their own. */
    static void ownThreads(String defaultName) {
        if (EXECUTOR.isLoggable(DEBUG)) {
            EXECUTOR.log(DEBUG, "GEARMAN-7003: no " + defaultName + ": worker loops run on threads of their own");
        }
    }

    /** GEARMAN-7004, INFO: workers are switched off by configuration. */
    static void workersDisabled(String key) {
        if (WORKERS.isLoggable(INFO)) {
            WORKERS.log(INFO, "GEARMAN-7004: gearman workers disabled (" + key + "=false)");
        }
    }

    /** GEARMAN-7005, INFO: the application has no job this instance serves. */
    static void noJobs() {
        WORKERS.log(INFO, "GEARMAN-7005: no @GearmanJob to serve: gearman workers not started");
    }

    /** GEARMAN-7006, INFO: the workers are started. */
    static void workersStarted(int perServer, List<ServerAddress> servers, List<String> functions) {
        if (WORKERS.isLoggable(INFO)) {
            WORKERS.log(INFO, "GEARMAN-7006: gearman workers started: " + perServer + " per server on " + servers
                    + " for " + functions);
        }
    }

    /** GEARMAN-7007, WARNING: the shutdown timeout passed with jobs still running; they were abandoned. */
    static void jobsAbandoned(Duration timeout) {
        if (WORKERS.isLoggable(WARNING)) {
            WORKERS.log(WARNING, "GEARMAN-7007: gearman workers stopped with jobs still running after " + timeout
                    + "; the server hands them to other workers");
        }
    }

    /** GEARMAN-7008, INFO: the workers are stopped. */
    static void workersStopped() {
        WORKERS.log(INFO, "GEARMAN-7008: gearman workers stopped");
    }

    /** GEARMAN-7009, WARNING: closing the application's client at the end of its scope failed. */
    static void clientCloseFailed(Exception e) {
        CLIENT.log(WARNING, "GEARMAN-7009: closing the GearmanClient failed", e);
    }

    /** GEARMAN-7010, DEBUG: a JNDI name tried for the managed executor holds none. */
    static void noManagedExecutorAt(String name, Throwable cause) {
        if (MANAGED.isLoggable(DEBUG)) {
            MANAGED.log(DEBUG, "GEARMAN-7010: no managed executor at " + name + ": " + cause);
        }
    }

    /** GEARMAN-7011, INFO: {@code gearman.embedded-server.enabled=true} started an in-JVM job server. */
    static void embeddedServerStarted(ServerAddress address) {
        if (EMBEDDED.isLoggable(INFO)) {
            EMBEDDED.log(INFO, "GEARMAN-7011: embedded gearman server listening on " + address
                    + " (development only: jobs live in memory)");
        }
    }

    /** GEARMAN-7012, INFO: the embedded job server is stopped. */
    static void embeddedServerStopped() {
        EMBEDDED.log(INFO, "GEARMAN-7012: embedded gearman server stopped");
    }

    /** GEARMAN-7013, DEBUG: how each job's request context is activated (see JobRequestScope). */
    static void requestScope(String how) {
        if (WORKERS.isLoggable(DEBUG)) {
            WORKERS.log(DEBUG, "GEARMAN-7013: each job runs in its own request context, activated through " + how);
        }
    }

    /** GEARMAN-7014, ERROR: every problem that fails the deployment, numbered, in one record.
     * The container reports each again with a stack trace apiece, which buries them; this record is the one to read. */
    static void deploymentProblems(List<String> problems) {
        if (problems.isEmpty() || !EXTENSION.isLoggable(ERROR)) {
            return;
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < problems.size(); i++) {
            list.append(System.lineSeparator()).append("  ").append(i + 1).append(". ").append(problems.get(i));
        }
        EXTENSION.log(ERROR, "GEARMAN-7014: gearman-cdi cannot deploy this application, " + problems.size()
                + (problems.size() == 1 ? " problem:" : " problems:") + list);
    }

    /** GEARMAN-7015, ERROR: the workers failed in a way they cannot survive; the application is unhealthy now. */
    static void workersFailed(Throwable failure) {
        WORKERS.log(ERROR, "GEARMAN-7015: gearman workers failed and cannot go on: " + failure
                + "; the application reports unhealthy", failure);
    }

    /** GEARMAN-7016, ERROR: a background job deferred until its transaction committed was not queued after it.
     * The caller's stage (if any) fails too, but a caller of the blocking {@code submitBackground} has already
     * returned, so this record is where the loss shows. */
    static void deferredSubmitFailed(String job, String unique, Throwable failure) {
        CLIENT.log(ERROR, "GEARMAN-7016: background job " + job + " (unique " + unique + ") was not queued after its "
                + "transaction committed: " + failure, failure);
    }

    /** GEARMAN-7017, DEBUG: no JTA transaction registry: background jobs are always submitted at once. */
    static void noTransactionRegistry(String name, Throwable reason) {
        if (CLIENT.isLoggable(DEBUG)) {
            CLIENT.log(DEBUG, "GEARMAN-7017: no " + name + " (" + reason + "): background jobs are submitted at once, "
                    + "even inside a transaction");
        }
    }

    /** GEARMAN-7018, WARNING: the transaction a background job waited for ended neither committed nor rolled back
     * (heuristic outcome); the job is not submitted, since its data may be missing. */
    static void transactionOutcomeUnknown(String job, String unique) {
        CLIENT.log(WARNING, "GEARMAN-7018: the transaction of background job " + job + " (unique " + unique
                + ") ended with an unknown outcome: the job was not submitted; submit it again if its data was "
                + "committed");
    }

    /** GEARMAN-7019, WARNING: an observer of JobFailure threw; the job's outcome is unchanged. */
    static void failureObserverFailed(io.gearmancdi.JobFailure failure, Throwable e) {
        if (WORKERS.isLoggable(WARNING)) {
            WORKERS.log(WARNING, "GEARMAN-7019: an observer of the JobFailure of job '" + failure.jobName() + "' ("
                    + failure.handle() + ") threw; the job's outcome is unchanged", e);
        }
    }

    /** GEARMAN-7020, ERROR: a final failure could not be submitted to the dead-letter job. */
    static void deadLetterNotSubmitted(io.gearmancdi.JobFailure failure, String deadLetterJob, Throwable e) {
        if (WORKERS.isLoggable(ERROR)) {
            WORKERS.log(ERROR, "GEARMAN-7020: cannot submit the final failure of job '" + failure.jobName() + "' ("
                    + failure.handle() + ", " + failure.errorType() + ": " + failure.errorMessage()
                    + ") to the dead-letter job '" + deadLetterJob + "'", e);
        }
    }

    /** GEARMAN-7021, WARNING: an asynchronous observer of a {@code GearmanServerEvent} threw. */
    static void serverEventObserverFailed(Object event, Throwable failure) {
        WORKERS.log(WARNING, "GEARMAN-7021: an observer of " + event + " failed: " + failure, failure);
    }

    /** GEARMAN-7022, DEBUG: a job's {@code meta.traceparent} is no W3C traceparent; the job runs in a new trace. */
    static void traceparentIgnored(String job, String handle, String traceparent) {
        if (INVOKER.isLoggable(DEBUG)) {
            String shown = traceparent.length() <= 80 ? traceparent : traceparent.substring(0, 77) + "...";
            INVOKER.log(DEBUG, "GEARMAN-7022: job '" + job + "' (" + handle + "): meta.traceparent "
                    + io.gearmancdi.protocol.ExceptionPayload.quote(shown)
                    + " is not a W3C traceparent; ignored, the job starts a new trace");
        }
    }

    /** GEARMAN-7023, WARNING: the application's OpenTelemetry bean could not be obtained; jobs are not traced. */
    static void tracingUnavailable(Throwable cause) {
        EXTENSION.log(WARNING, "GEARMAN-7023: the OpenTelemetry bean could not be obtained (" + cause
                + "); gearman jobs are not traced", cause);
    }

    /** GEARMAN-7024, WARNING: a run of the job record reconciliation failed; the next one tries again. */
    static void reconciliationFailed(Throwable e) {
        WORKERS.log(WARNING, "GEARMAN-7024: checking stale job records against the job servers failed (" + e
                + "); tried again in a minute", e);
    }

    /** GEARMAN-7025, INFO: the metrics are published through the server's metrics API. */
    static void metricsPublished(String api) {
        WORKERS.log(INFO, "GEARMAN-7025: gearman-cdi metrics are published through " + api);
    }

    /** GEARMAN-7026, WARNING: a metric (or all of them) could not be published through the server's metrics API. */
    static void metricNotPublished(String what, String api, Throwable failure) {
        WORKERS.log(WARNING, "GEARMAN-7026: cannot publish gearman-cdi metric " + what + " through " + api + ": "
                + failure, failure);
    }

    /** GEARMAN-7027, INFO: the default data source is not visible under java:comp here; its global name is used. */
    static void defaultDataSourceByGlobalName(String name) {
        WORKERS.log(INFO, "GEARMAN-7027: java:comp/DefaultDataSource cannot be looked up here (an EAR's lib/ while"
                + " the application deploys); the job record store uses the server's default data source " + name);
    }
}
