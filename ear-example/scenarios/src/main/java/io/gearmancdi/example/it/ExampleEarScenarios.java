package io.gearmancdi.example.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example EAR deployed unchanged in an application server, driven over HTTP like a user would, with its workers
 * and client on a real gearmand. Subclasses pick the server (their module's Arquillian container) and say how its
 * managed executor names its threads.
 */
@ExtendWith({GearmandExtension.class, ArquillianExtension.class}) // gearmand first: it must run before the server
public abstract class ExampleEarScenarios {
    /** The function name of {@code io.gearmancdi.example.reverse} with the example's fixed prefix. */
    static final String REVERSE_FUNCTION = "example.io.gearmancdi.example.reverse";
    static final String ADD_FUNCTION = "example.io.gearmancdi.example.add";
    static final String REPORT_FUNCTION = "example.example-report";
    static final String CONFIRM_FUNCTION = "example.example-confirm-order";
    static final String DOOMED_FUNCTION = "example.example-doomed";
    /** The logical name of the job that fails twice, then succeeds (as the dashboard lists it). */
    static final String FLAKY_JOB = "example-flaky";

    @ArquillianResource
    URL webModule;

    @Deployment(testable = false)
    public static EnterpriseArchive ear() {
        return ExampleEar.load();
    }

    /** @return how the server's default managed executor names its threads */
    protected abstract Pattern managedExecutorThread();

    Rest rest() {
        return new Rest(webModule);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void applicationAnswers() {
        assertThat(rest().getJson("ping").getString("result")).isEqualTo("pong");
    }

    @Test
    void reverseRunsAsAGearmanJob() {
        assertThat(rest().getJson("reverse?text=" + encode("hello gearman")).getString("result"))
                .isEqualTo("namraeg olleh");
    }

    @Test
    void addRunsAsAGearmanJob() {
        assertThat(rest().getJson("add?a=2&b=40").getInt("result")).isEqualTo(42);
    }

    @Test
    void configurationFromTheEnvironmentAndTheConfigJarReachesTheExtension() throws IOException {
        GearmandProcess gearmand = GearmandExtension.current();
        JsonObject settings = rest().getJson("config");
        // GEARMAN_SERVERS (environment, set by the build) over gearman.servers=localhost:4730 (config jar)
        assertThat(settings.getString("servers")).isEqualTo(gearmand.address());
        // gearman.job-name.prefix=example from the config jar in the EAR's lib/
        assertThat(settings.getString("prefix")).isEqualTo("example");
        assertThat(settings.getString("reverseFunction")).isEqualTo(REVERSE_FUNCTION);
        // and the workers serve the jobs on that gearmand, gearman.worker.count=2 connections each
        String status = gearmand.admin("status");
        assertThat(status).as("gearmand status").containsPattern("(?m)^" + Pattern.quote(REVERSE_FUNCTION) + "\t\\d+\t\\d+\t2$")
                .containsPattern("(?m)^" + Pattern.quote(REPORT_FUNCTION) + "\t\\d+\t\\d+\t2$");
    }

    @Test
    void jobSubmittedFromOutsideWithTheGearmanCliRunsInTheServer() {
        GearmandProcess gearmand = GearmandExtension.current();
        GearmanCli.Run reverse = GearmanCli.run(gearmand, "-f", REVERSE_FUNCTION, "{\"args\":[\"abc\"]}");
        assertThat(reverse.exitCode()).as(reverse.stderr()).isZero();
        assertThat(reverse.stdout().strip()).isEqualTo("\"cba\"");

        GearmanCli.Run add = GearmanCli.run(gearmand, "-f", ADD_FUNCTION, "{\"kwargs\":{\"a\":2,\"b\":40}}");
        assertThat(add.exitCode()).as(add.stderr()).isZero();
        assertThat(add.stdout().strip()).isEqualTo("42");
    }

    @Test
    void workersRunOnTheServersManagedExecutor() {
        String thread = rest().getJson("where-am-i").getString("result");
        assertThat(thread).matches(managedExecutorThread());
    }

    @Test
    void backgroundReportShowsProgressAndItsResultIsKept() {
        Rest rest = rest();
        String unique = "report-" + UUID.randomUUID();
        // 10 pages x 300 ms: time enough to watch it run even on a busy machine
        JsonObject queued = rest.postJson("reports?customer=ACME&pages=10&millisPerPage=300&unique=" + unique);
        assertThat(queued.getString("unique")).isEqualTo(unique);
        String statusQuery = "status?server=" + encode(queued.getString("server"))
                + "&handle=" + encode(queued.getString("handle"));

        JsonObject running = Poll.until("the report's progress", Duration.ofSeconds(30), () -> {
            JsonObject s = rest.getJson(statusQuery);
            return s.getBoolean("running") && s.getJsonNumber("numerator").longValue() > 0 ? Optional.of(s)
                    : Optional.empty();
        });
        assertThat(running.getBoolean("known")).isTrue();
        assertThat(running.getJsonNumber("denominator").longValue()).isEqualTo(10);

        Poll.until("the report to end", Duration.ofSeconds(30),
                () -> rest.getJson(statusQuery).getBoolean("known") ? Optional.empty() : Optional.of(true));

        JsonObject report = rest.getJson("reports/" + encode(unique));
        assertThat(report.getString("customer")).isEqualTo("ACME");
        assertThat(report.getInt("pages")).isEqualTo(10);
        assertThat(report.getString("renderedBy")).matches(managedExecutorThread());

        // issue 15: with the job record store on, GearmanClient.outcome(unique) still knows the job gearmand forgot
        JsonObject outcome = Poll.until("the report's record to say SUCCEEDED", Duration.ofSeconds(30), () -> {
            JsonObject o = rest.getJson("outcomes/" + encode(unique));
            return "SUCCEEDED".equals(o.getString("state")) ? Optional.of(o) : Optional.empty();
        });
        assertThat(outcome.getString("unique")).isEqualTo(unique);
        assertThat(outcome.getString("jobName")).isEqualTo("example-report");
        assertThat(outcome.getInt("attempts")).isEqualTo(1);
        assertThat(outcome.getJsonNumber("progress").doubleValue()).isEqualTo(1.0);
        assertThat(outcome.getJsonObject("report").getString("customer")).isEqualTo("ACME");
        assertThat(outcome.getJsonObject("report").getInt("pages")).isEqualTo(10);
    }

    @Test
    void issue15OutcomeOfAJobTheStoreDoesNotKnowIsUnknown() {
        JsonObject outcome = rest().getJson("outcomes/" + encode("never-submitted-" + UUID.randomUUID()));
        assertThat(outcome.getString("state")).isEqualTo("UNKNOWN");
    }

    @Test
    void reportThatIsNotThereIsNotFound() {
        assertThat(rest().get("reports/no-such-report").status()).isEqualTo(404);
    }

    @Test
    void jobThatThrowsComesBackAsTheRemoteException_integerOverflow() {
        Rest.Answer answer = rest().get("add?a=" + Integer.MAX_VALUE + "&b=1");
        assertThat(answer.status()).isEqualTo(502);
        JsonObject failure = answer.json();
        assertThat(failure.getString("type")).isEqualTo("java.lang.ArithmeticException");
        assertThat(failure.getString("message")).contains("overflow");
    }

    /**
     * Issue 12, enqueue after commit: a background job submitted inside a {@code @Transactional} method waits for the
     * commit. The rejected order's transaction rolls back, so its confirmation is never queued and never runs; the
     * placed order's confirmation is queued after its commit and runs once. (Submitted at once, as before, the
     * rejected order's confirmation would be queued first and run.)
     */
    @Test
    void issue12JobSubmittedInATransactionRunsOnlyIfItCommits() {
        Rest rest = rest();
        String rejected = "order-" + UUID.randomUUID();
        String placed = "order-" + UUID.randomUUID();

        JsonObject no = rest.postJson("orders?reject=true&id=" + rejected);
        assertThat(no.getBoolean("placed")).isFalse();
        JsonObject yes = rest.postJson("orders?id=" + placed);
        assertThat(yes.getBoolean("placed")).isTrue();
        assertThat(yes.getBoolean("deferred")).as("the handle returned inside the transaction is deferred").isTrue();

        Poll.until("the placed order's confirmation", Duration.ofSeconds(30),
                () -> confirmations(rest, placed) > 0 ? Optional.of(true) : Optional.empty());
        // nothing of this function is left on gearmand: whatever was queued has run
        Pattern idle = Pattern.compile("(?m)^" + Pattern.quote(CONFIRM_FUNCTION) + "\t0\t0\t\\d+$");
        Poll.until("gearmand to hold no confirmation job", Duration.ofSeconds(30), () -> {
            try {
                return idle.matcher(GearmandExtension.current().admin("status")).find() ? Optional.of(true)
                        : Optional.empty();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(confirmations(rest, placed)).as("confirmations of the committed order").isEqualTo(1);
        assertThat(confirmations(rest, rejected)).as("confirmations of the rolled back order").isZero();
    }

    /**
     * Issue 12, retries in the example: {@code example-flaky} ({@code retries = 2, backoff = "200ms"}) fails its first
     * two attempts; queued in the background, the worker retries it as delayed jobs and the third attempt succeeds.
     */
    @Test
    void issue12JobWithRetriesFailsTwiceThenSucceeds() {
        Rest rest = rest();
        String id = "flaky-" + UUID.randomUUID();
        rest.postJson("flaky?id=" + encode(id));
        JsonObject done = Poll.until("the flaky job's third attempt to succeed", Duration.ofSeconds(60), () -> {
            JsonObject a = rest.getJson("attempts/" + encode(id));
            return a.containsKey("result") && !a.isNull("result") ? Optional.of(a) : Optional.empty();
        });
        assertThat(done.getJsonArray("attempts").getValuesAs(jakarta.json.JsonNumber::intValue))
                .as("JobContext.attempt() of each attempt").containsExactly(1, 2, 3);
        assertThat(done.getString("result")).isEqualTo(id + " done after 3 attempts");
    }

    /**
     * Issue 12, failure observer in the example: {@code example-doomed} ({@code retries = 1}) always fails; the caller
     * gets the last failure, and the application's {@code @Observes JobFailure} observer has recorded it once, with
     * the job's names, its attempts, the error and the request.
     */
    @Test
    void issue12JobThatAlwaysFailsIsRecordedByTheJobFailureObserver() {
        Rest rest = rest();
        String id = "doomed-" + UUID.randomUUID();
        Rest.Answer answer = rest.get("doomed?id=" + encode(id));
        assertThat(answer.status()).as(answer.body()).isEqualTo(502);
        assertThat(answer.json().getString("type")).isEqualTo("java.lang.IllegalStateException");
        assertThat(answer.json().getString("message")).isEqualTo(id + " cannot be done (attempt 2 of 2)");
        assertThat(rest.getJson("attempts/" + encode(id)).getJsonArray("attempts")
                .getValuesAs(jakarta.json.JsonNumber::intValue)).containsExactly(1, 2);

        // the observer ran before the failure was reported to gearmand, hence before the call above returned
        Rest.Answer failures = rest.get("failures");
        assertThat(failures.status()).as(failures.body()).isEqualTo(200);
        java.util.List<JsonObject> mine = failures.jsonArray().getValuesAs(JsonObject.class).stream()
                .filter(f -> f.getString("payload", "").contains(id)).toList();
        assertThat(mine).as("JobFailure events of " + id + " in " + failures.body()).hasSize(1);
        JsonObject failure = mine.get(0);
        assertThat(failure.getString("jobName")).isEqualTo("example-doomed");
        assertThat(failure.getString("functionName")).isEqualTo(DOOMED_FUNCTION);
        assertThat(failure.getInt("attempts")).isEqualTo(2);
        assertThat(failure.getString("errorType")).isEqualTo("java.lang.IllegalStateException");
        assertThat(failure.getString("errorMessage")).isEqualTo(id + " cannot be done (attempt 2 of 2)");
        assertThat(failure.getString("handle")).startsWith("H:");
        assertThat(failure.getString("unique")).isNotBlank();
        assertThat(failure.getString("payload")).as("the request, sent by the typed proxy as kwargs")
                .contains("kwargs");
    }

    /**
     * Issue 11 item 15: a dependent stage of {@code GearmanClient.callAsync} runs on the server's managed executor
     * with the application's context: it looks up {@code java:comp/DefaultManagedExecutorService} and an application
     * bean through {@code CDI.current()}. (On the client's reader thread, as before, neither lookup works: that
     * thread has no naming context and no application class loader.)
     */
    @Test
    void issue11Item15CallAsyncStagesRunWithTheApplicationsContext() {
        JsonObject stage = rest().getJson("async-context");
        assertThat(stage.getString("customer")).isEqualTo("async");
        assertThat(stage.getString("naming")).as("java:comp lookup in the stage").isEqualTo("found");
        assertThat(stage.getString("cdi")).as("CDI.current() in the stage").isEqualTo("found");
        assertThat(stage.getString("stageThread")).as("the stage's thread")
                .isNotEqualTo(stage.getString("requestThread")).matches(managedExecutorThread());
    }

    /**
     * Issue 13: the REST resource calls reverse and add through the typed interface {@code ExampleJobs}
     * ({@code @Inject @GearmanRemote}), served by {@code GearmanJobs implements ExampleJobs}; the functions on
     * gearmand keep their names, so a call by name (the CLI) and the application's string-name call
     * ({@code where-am-i}) reach the same workers.
     */
    @Test
    void issue13TypedInterfaceAndStringNamesReachTheSameJobs() {
        Rest rest = rest();
        assertThat(rest.getJson("reverse?text=typed").getString("result")).isEqualTo("depyt");
        GearmanCli.Run byName = GearmanCli.run(GearmandExtension.current(), "-f", REVERSE_FUNCTION,
                "{\"kwargs\":{\"text\":\"typed\"}}");
        assertThat(byName.exitCode()).as(byName.stderr()).isZero();
        assertThat(byName.stdout().strip()).isEqualTo("\"depyt\"");
        assertThat(rest.getJson("where-am-i").getString("result")).matches(managedExecutorThread());
    }

    private static int confirmations(Rest rest, String order) {
        return rest.getJson("orders/" + encode(order) + "/confirmations").getInt("result");
    }
}
