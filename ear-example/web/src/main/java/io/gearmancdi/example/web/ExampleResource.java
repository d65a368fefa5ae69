package io.gearmancdi.example.web;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanRemote;
import io.gearmancdi.JobFailure;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobOutcome;
import io.gearmancdi.JobRequest;
import io.gearmancdi.JobStatus;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.example.ExampleJobs;
import io.gearmancdi.example.FailureLog;
import io.gearmancdi.example.JobSubmissions;
import io.gearmancdi.example.OrderConfirmations;
import io.gearmancdi.example.Report;
import io.gearmancdi.example.ReportArchive;
import io.gearmancdi.example.ReportJob;
import io.gearmancdi.example.RetryingJobs;
import io.gearmancdi.example.TraceJobs;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.Config;

import javax.naming.InitialContext;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Submits the example's jobs, through the typed interfaces {@link ExampleJobs} and {@link JobSubmissions} (their
 * {@code @GearmanRemote} proxies) and, for {@code where-am-i} and {@code async-context}, by name through
 * {@link GearmanClient}. All answers are JSON.
 * <ul>
 *   <li>{@code GET /api/reverse?text=..} and {@code GET /api/add?a=..&b=..}: foreground calls, the job's result;</li>
 *   <li>{@code POST /api/reports?customer=..&pages=..&millisPerPage=..[&unique=..]}: queues a report in the
 *       background, answers its handle; {@code GET /api/status?server=..&handle=..} where it stands;
 *       {@code GET /api/reports/{unique}} the finished report (404 until there is one);
 *       {@code GET /api/outcomes/{unique}} what the job record store says became of a background job
 *       ({@link GearmanClient#outcome(String)});</li>
 *   <li>{@code POST /api/orders?id=..[&reject=true]}: places an order in a transaction that submits its
 *       confirmation job (and rolls back when rejected); {@code GET /api/orders/{id}/confirmations} how many
 *       confirmations of it were sent;</li>
 *   <li>{@code POST /api/flaky?id=..}: queues the job that fails twice and succeeds on its third attempt;
 *       {@code GET /api/doomed?id=..}: calls the job that always fails (HTTP 502); {@code GET /api/attempts/{id}}
 *       the attempts of either and the result; {@code GET /api/failures}: the jobs that failed for good, as the
 *       {@code JobFailure} observer saw them;</li>
 *   <li>{@code GET /api/async-context}: a {@code callAsync} whose dependent stage needs the application's context;</li>
 *   <li>{@code GET /api/where-am-i}: the thread a job runs on; {@code GET /api/config}: the settings in force;</li>
 *   <li>{@code GET /api/trace-id}: the trace id a job sees (with MicroProfile Telemetry on: the request's).</li>
 * </ul>
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ExampleResource {
    private static final String WHERE_AM_I = "io.gearmancdi.example.whereAmI";
    private static final long ASYNC_TIMEOUT_SECONDS = 60;

    @Inject
    GearmanClient gearman;
    @Inject
    @GearmanRemote
    ExampleJobs jobs;
    @Inject
    @GearmanRemote
    JobSubmissions submissions;
    @Inject
    RetryingJobs retrying;
    @Inject
    FailureLog failureLog;
    @Inject
    ReportArchive archive;
    @Inject
    Config config;
    @Inject
    Orders orders;
    @Inject
    OrderConfirmations confirmations;

    /** A job's result. */
    public record Result<T>(T result) {
    }

    /** A queued background job: enough to ask for its status and, for reports, its result. */
    public record Queued(String server, String handle, String unique) {
    }

    /**
     * What became of a background job, from the job record store: its logical name, state, attempts, progress, the
     * report it produced (a report job that succeeded, else {@code null}) and its error.
     */
    public record Outcome(String unique, String jobName, String state, int attempts, double progress, Report report,
                          String errorType, String errorMessage) {
    }

    /** An order placed (or rejected), with its confirmation job's handle: deferred until the commit. */
    public record Placed(String order, boolean placed, boolean deferred, String unique) {
    }

    /** The attempts of a retried job this instance ran, and its result once it succeeded ({@code null} before). */
    public record Attempts(List<Integer> attempts, String result) {
    }

    /**
     * What a dependent stage of {@code callAsync} saw: the thread it ran on, and whether the application's naming
     * context and CDI container were there ({@code "found"}, or the failure).
     */
    public record StageContext(String customer, String requestThread, String stageThread, String naming, String cdi) {
    }

    /** The settings in force, as this application sees them. */
    public record Settings(String servers, String prefix, String reverseFunction) {
    }

    /** @return {@code "pong"}: the application is deployed and answers */
    @GET
    @Path("ping")
    public Result<String> ping() {
        return new Result<>("pong");
    }

    @GET
    @Path("reverse")
    public Result<String> reverse(@QueryParam("text") @DefaultValue("") String text) {
        return new Result<>(jobs.reverse(text));
    }

    @GET
    @Path("add")
    public Result<Integer> add(@QueryParam("a") int a, @QueryParam("b") int b) {
        return new Result<>(jobs.add(a, b));
    }

    @GET
    @Path("where-am-i")
    public Result<String> whereAmI() {
        return new Result<>(gearman.call(WHERE_AM_I, String.class));
    }

    @GET
    @Path("trace-id")
    public Result<String> traceId() {
        return new Result<>(gearman.call(TraceJobs.TRACE_ID, String.class));
    }

    @POST
    @Path("reports")
    public Queued submitReport(@QueryParam("customer") @DefaultValue("ACME") String customer,
                               @QueryParam("pages") @DefaultValue("5") int pages,
                               @QueryParam("millisPerPage") @DefaultValue("500") long millisPerPage,
                               @QueryParam("unique") String unique) {
        String id = unique == null || unique.isBlank() ? "report-" + UUID.randomUUID() : unique;
        JobHandle handle = submissions.report(customer, pages, millisPerPage,
                SubmitOptions.builder().unique(id).build());
        return new Queued(handle.server().toString(), handle.handle(), handle.unique());
    }

    @GET
    @Path("status")
    public JobStatus status(@QueryParam("server") String server, @QueryParam("handle") String handle) {
        if (server == null || handle == null) {
            throw new NotFoundException("server and handle are required");
        }
        return gearman.status(new JobHandle(ServerAddress.parse(server), handle, ""));
    }

    @GET
    @Path("reports/{unique}")
    public Report report(@PathParam("unique") String unique) {
        return archive.get(unique).orElseThrow(() -> new NotFoundException("no report " + unique + " (yet)"));
    }

    @GET
    @Path("outcomes/{unique}")
    public Outcome outcome(@PathParam("unique") String unique) {
        JobOutcome o = gearman.outcome(unique);
        Report report = o.state() == JobOutcome.State.SUCCEEDED && ReportJob.NAME.equals(o.jobName())
                ? o.result(Report.class) : null;
        return new Outcome(o.unique(), o.jobName(), o.state().name(), o.attempts(), o.progress(), report,
                o.errorType().orElse(null), o.errorMessage().orElse(null));
    }

    @POST
    @Path("orders")
    public Placed placeOrder(@QueryParam("id") String id, @QueryParam("reject") boolean reject) {
        if (id == null || id.isBlank()) {
            throw new NotFoundException("id is required");
        }
        try {
            JobHandle confirmation = orders.place(id, reject);
            return new Placed(id, true, confirmation.isDeferred(), confirmation.unique());
        } catch (Orders.OrderRejected e) {
            return new Placed(id, false, false, null);
        }
    }

    @GET
    @Path("orders/{id}/confirmations")
    public Result<Integer> confirmationsSent(@PathParam("id") String id) {
        return new Result<>(confirmations.sentFor(id));
    }

    @POST
    @Path("flaky")
    public Queued submitFlaky(@QueryParam("id") String id) {
        if (id == null || id.isBlank()) {
            throw new NotFoundException("id is required");
        }
        JobHandle handle = submissions.flaky(id);
        return new Queued(handle.server().toString(), handle.handle(), handle.unique());
    }

    @GET
    @Path("attempts/{id}")
    public Attempts attempts(@PathParam("id") String id) {
        return new Attempts(retrying.attemptsOf(id), retrying.resultOf(id));
    }

    /** @return never: the job always fails, which answers 502 with its exception (see the exception mapper) */
    @GET
    @Path("doomed")
    public Result<String> doomed(@QueryParam("id") @DefaultValue("") String id) {
        return new Result<>(submissions.doomed(id));
    }

    @GET
    @Path("failures")
    public List<JobFailure> failures() {
        return failureLog.recent();
    }

    /**
     * Calls the report job (one short page) with {@code callAsync} and looks up {@code java:comp} and a CDI bean in a
     * dependent stage. The stage is added while the job runs, so it runs on the thread that completes the client's
     * future: in a server the managed executor, with this request's context propagated.
     */
    @GET
    @Path("async-context")
    public StageContext asyncContext() {
        String requestThread = Thread.currentThread().getName();
        try {
            return gearman.callAsync(JobRequest.of(ReportJob.NAME).kwarg("customer", "async").kwarg("pages", 1)
                            .kwarg("millisPerPage", 200), Report.class)
                    .thenApply(report -> new StageContext(report.customer(), requestThread,
                            Thread.currentThread().getName(), lookUpNaming(), lookUpBean()))
                    .toCompletableFuture().get(ASYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("callAsync failed: " + e, e);
        }
    }

    private static String lookUpNaming() {
        try {
            return InitialContext.doLookup("java:comp/DefaultManagedExecutorService") != null ? "found" : "null";
        } catch (Exception | LinkageError e) {
            return "failed: " + e;
        }
    }

    private static String lookUpBean() {
        try {
            return CDI.current().select(ReportArchive.class).get() != null ? "found" : "null";
        } catch (Exception | LinkageError e) {
            return "failed: " + e;
        }
    }

    @GET
    @Path("config")
    public Settings settings() {
        return new Settings(config.getOptionalValue("gearman.servers", String.class).orElse(null),
                config.getOptionalValue("gearman.job-name.prefix", String.class).orElse(null),
                gearman.functionName(ExampleJobs.REVERSE));
    }
}
