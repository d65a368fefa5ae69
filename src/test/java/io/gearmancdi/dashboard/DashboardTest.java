package io.gearmancdi.dashboard;

import io.gearmancdi.JobOutcome;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.metrics.GearmanMetrics;
import io.gearmancdi.store.JobRecord;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.store.internal.ConnectionSource;
import io.gearmancdi.store.internal.JdbcJobStore;
import io.gearmancdi.testing.TestDatabase;
import io.gearmancdi.worker.AttemptOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, "Dashboard": the servlet-independent core answers its routes, keeps hostile text inert, sends a strict
 * Content-Security-Policy, and guards its actions (CSRF token, Origin, permission). The job records come from the
 * real store ({@link JdbcJobStore}) on an in-memory H2 database of each test's own.
 */
class DashboardTest {
    private static final String HOSTILE_NAME = "<script>alert('name')</script>";
    private static final String HOSTILE_MESSAGE = "\"><img src=x onerror=alert(1)>";

    private final TestDatabase db = TestDatabase.h2("dashboard-" + UUID.randomUUID());
    private final JdbcJobStore store = new JdbcJobStore(ConnectionSource.of(db.url(), db.user(), db.password()),
            JdbcJobStore.Options.defaults());
    private final List<String> retried = new CopyOnWriteArrayList<>();
    private final List<String> cancelled = new CopyOnWriteArrayList<>();
    private final JobActions actions = new JobActions() {
        @Override
        public String retry(JobRecord record) {
            retried.add(record.unique());
            return "again-" + record.unique();
        }

        @Override
        public boolean cancel(JobRecord record) {
            cancelled.add(record.unique());
            return true;
        }
    };
    private Dashboard dashboard;

    @AfterEach
    void close() {
        if (dashboard != null) {
            dashboard.close();
        }
        store.close();
        db.close();
    }

    /** A record with the fields the dashboard shows. */
    private static JobRecord record(String unique, String job, JobOutcome.State state, String payload,
                                    String errorType, String errorMessage) {
        Instant now = Instant.now();
        return new JobRecord(unique, null, null, job, job, state, state == JobOutcome.State.QUEUED ? 0 : 1, null,
                null, payload, null, errorType, errorMessage, null, now, null, null, null, now);
    }

    /** Writes the changes and waits until the store's writer has them in the table (it writes off the caller). */
    private void write(JobRecord... changes) {
        for (JobRecord change : changes) {
            store.write(change);
        }
        try {
            assertThat(store.flush(Duration.ofSeconds(30))).as("records written to H2").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private Dashboard dashboard(List<ServerAddress> servers, GearmanMetrics metrics) {
        dashboard = Dashboard.builder().servers(servers).metrics(metrics).store(store).actions(actions)
                .sampleInterval(Duration.ZERO).series(Duration.ofMillis(50), Duration.ofSeconds(5)).build();
        return dashboard;
    }

    private static DashboardResponse get(Dashboard d, String rawPath, String query, Permission permission) {
        return d.handle(new DashboardRequest("GET", rawPath, query, name -> null, permission));
    }

    private static DashboardResponse post(Dashboard d, String rawPath, Map<String, String> headers,
                                          Permission permission) {
        return d.handle(new DashboardRequest("POST", rawPath, null,
                name -> headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                        .map(Map.Entry::getValue).findFirst().orElse(null), permission));
    }

    private static String token(Dashboard d) {
        String session = get(d, "/api/session", null, Permission.READ).text();
        int at = session.indexOf("\"csrf\":\"") + 8;
        return session.substring(at, session.indexOf('"', at));
    }

    @Test
    @DisplayName("issue 15 dashboard: servers (version, reachable) and functions (queued/running/workers) over the "
            + "admin protocol of a real gearmand")
    void serversAndFunctionsFromARealGearmandIssue15() throws Exception {
        try (Gearmand gearmand = Gearmand.start();
             JobClient client = JobClient.create(ClientOptions.builder().servers(List.of(gearmand.address()))
                     .build())) {
            ServerAddress closed;
            try (ServerSocket socket = new ServerSocket(0)) {
                closed = new ServerAddress("127.0.0.1", socket.getLocalPort());
            }
            client.submitBackground("dash.queued", "{}".getBytes(StandardCharsets.UTF_8), SubmitOptions.DEFAULTS)
                    .get(30, TimeUnit.SECONDS);
            Dashboard d = dashboard(List.of(gearmand.address(), closed), new GearmanMetrics());

            DashboardResponse servers = get(d, "/api/servers", null, Permission.READ);
            assertThat(servers.status()).isEqualTo(200);
            assertThat(servers.contentType()).isEqualTo("application/json; charset=utf-8");
            assertThat(servers.text()).contains("{\"server\":\"" + gearmand.address()
                    + "\",\"reachable\":true,\"version\":\"1.1.20")
                    .contains("{\"server\":\"" + closed + "\",\"reachable\":false,\"version\":null,\"error\":\"");
            assertThat(get(d, "/api/functions", null, Permission.READ).text()).contains("{\"server\":\""
                    + gearmand.address() + "\",\"function\":\"dash.queued\",\"job\":null,\"queued\":1,"
                    + "\"running\":0,\"workers\":0}");
        }
    }

    @Test
    @DisplayName("issue 15 dashboard: admin status is sampled at most once per interval, however often pages ask")
    void adminSamplesAreSharedWithinTheIntervalIssue15() throws Exception {
        try (Gearmand gearmand = Gearmand.start();
             JobClient client = JobClient.create(ClientOptions.builder().servers(List.of(gearmand.address()))
                     .build())) {
            dashboard = Dashboard.builder().servers(List.of(gearmand.address())).sampleInterval(Duration.ofHours(1))
                    .build();
            client.submitBackground("dash.sampled", new byte[0], SubmitOptions.DEFAULTS).get(30, TimeUnit.SECONDS);
            assertThat(get(dashboard, "/api/functions", null, Permission.READ).text()).contains("\"queued\":1");
            client.submitBackground("dash.sampled", new byte[0], SubmitOptions.DEFAULTS).get(30, TimeUnit.SECONDS);
            assertThat(get(dashboard, "/api/functions", null, Permission.READ).text()).as("the same sample")
                    .contains("\"queued\":1");
        }
    }

    @Test
    @DisplayName("issue 15 dashboard: the series holds completed and failed jobs per step from the metrics")
    void seriesCountsJobsPerStepIssue15() throws Exception {
        GearmanMetrics metrics = new GearmanMetrics();
        Dashboard d = dashboard(List.of(), metrics);
        metrics.jobEnded("f", AttemptOutcome.COMPLETED, 1);
        metrics.jobEnded("g", AttemptOutcome.COMPLETED, 1);
        metrics.jobEnded("g", AttemptOutcome.FAILED, 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String series = get(d, "/api/series", null, Permission.READ).text();
        while (sum(series, "completed") < 2 || sum(series, "failed") < 1) {
            assertThat(System.nanoTime()).as("waited 30 s for the points: " + series).isLessThan(deadline);
            Thread.sleep(20);
            series = get(d, "/api/series", null, Permission.READ).text();
        }
        assertThat(series).startsWith("{\"step\":50,\"t\":[");
        assertThat(sum(series, "completed")).isEqualTo(2);
        assertThat(sum(series, "failed")).isEqualTo(1);
    }

    private static long sum(String json, String member) {
        int from = json.indexOf("\"" + member + "\":[") + member.length() + 4;
        String list = json.substring(from, json.indexOf(']', from));
        return list.isEmpty() ? 0 : java.util.Arrays.stream(list.split(",")).mapToLong(Long::parseLong).sum();
    }

    @Test
    @DisplayName("issue 15 dashboard: jobs by state and name, one job's detail; hostile names, arguments and "
            + "messages come out with < > & ' escaped")
    void jobsAndDetailWithHostileTextIssue15() {
        write(record("ok-1", "reports.render", JobOutcome.State.SUCCEEDED, "{\"args\":[1]}", null, null),
                record("bad-1", HOSTILE_NAME, JobOutcome.State.FAILED,
                        "{\"args\":[\"" + HOSTILE_MESSAGE.replace("\"", "\\\"") + "\"]}",
                        "java.lang.IllegalStateException", HOSTILE_MESSAGE));
        Dashboard d = dashboard(List.of(), null);

        DashboardResponse all = get(d, "/api/jobs", null, Permission.READ);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.text()).contains("\"counts\":{").contains("\"reports.render\":{\"SUCCEEDED\":1}")
                .contains("\"unique\":\"ok-1\"").contains("\"unique\":\"bad-1\"")
                .doesNotContain("<", ">", "'")
                .contains("\\u003cscript\\u003ealert(\\u0027name\\u0027)\\u003c/script\\u003e");
        String failed = get(d, "/api/jobs", "state=FAILED&offset=0", Permission.READ).text();
        assertThat(failed).contains("\"unique\":\"bad-1\"").doesNotContain("\"unique\":\"ok-1\"");
        assertThat(get(d, "/api/jobs", "job=reports.render", Permission.READ).text())
                .contains("\"unique\":\"ok-1\"").doesNotContain("\"unique\":\"bad-1\"");

        DashboardResponse detail = get(d, "/api/jobs/bad-1", null, Permission.READ);
        assertThat(detail.text()).contains("\"state\":\"FAILED\"", "\"errorType\":\"java.lang.IllegalStateException\"",
                "\"errorMessage\":\"\\\"\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\"", "\"arguments\":\"{")
                .doesNotContain("<", ">");
        assertThat(get(d, "/api/jobs/nope", null, Permission.READ).status()).isEqualTo(404);
        assertThat(get(d, "/api/jobs", "state=LOST", Permission.READ).status()).isEqualTo(400);
        assertThat(get(d, "/api/jobs", "offset=-3", Permission.READ).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("issue 15 dashboard: a unique id with / and + in it is one path segment (percent-encoded)")
    void encodedUniqueIdsIssue15() {
        write(record("a/b+c d", "j", JobOutcome.State.QUEUED, "{}", null, null));
        Dashboard d = dashboard(List.of(), null);
        assertThat(get(d, "/api/jobs/a%2Fb%2Bc%20d", null, Permission.READ).text())
                .contains("\"unique\":\"a/b+c d\"");
    }

    @Test
    @DisplayName("issue 15 dashboard security: actions need the CSRF token, the own Origin and the ACT permission")
    void actionsAreGuardedIssue15() {
        write(record("bad-1", "j", JobOutcome.State.FAILED, "{\"args\":[]}", "E", "boom"),
                // a queued job as its client records it: with the server and handle that cancel needs
                new JobRecord("q-1", "127.0.0.1:4730", "H:x:1", "j", "j", JobOutcome.State.QUEUED, 0, null, null, "{}",
                        null, null, null, null, Instant.now(), null, null, null, Instant.now()),
                record("ok-1", "j", JobOutcome.State.SUCCEEDED, "{}", null, null));
        Dashboard d = dashboard(List.of(), null);
        String token = token(d);
        Map<String, String> good = Map.of("X-Gearman-CSRF", token, "Origin", "http://dash.example:8080",
                "Host", "dash.example:8080");

        assertThat(post(d, "/api/jobs/bad-1/retry", Map.of(), Permission.ACT).status()).as("no token")
                .isEqualTo(403);
        assertThat(post(d, "/api/jobs/bad-1/retry", Map.of("X-Gearman-CSRF", token + "x"), Permission.ACT).status())
                .as("wrong token").isEqualTo(403);
        DashboardResponse foreign = post(d, "/api/jobs/bad-1/retry", Map.of("X-Gearman-CSRF", token,
                "Origin", "http://evil.example", "Host", "dash.example:8080"), Permission.ACT);
        assertThat(foreign.status()).as("foreign Origin").isEqualTo(403);
        assertThat(foreign.text()).contains("cross-origin");
        DashboardResponse readOnly = post(d, "/api/jobs/bad-1/retry", good, Permission.READ);
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.text()).contains("read-only");
        assertThat(get(d, "/api/session", null, Permission.READ).text()).contains("\"actions\":false");
        assertThat(get(d, "/api/jobs/bad-1/retry", null, Permission.ACT).status()).as("GET never acts")
                .isEqualTo(404);
        assertThat(retried).isEmpty();

        DashboardResponse retry = post(d, "/api/jobs/bad-1/retry", good, Permission.ACT);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.text()).isEqualTo("{\"retried\":\"bad-1\",\"unique\":\"again-bad-1\"}");
        assertThat(retried).containsExactly("bad-1");
        assertThat(post(d, "/api/jobs/ok-1/retry", good, Permission.ACT).status()).as("a success is not retried")
                .isEqualTo(409);
        assertThat(post(d, "/api/jobs/q-1/cancel", good, Permission.ACT).text())
                .isEqualTo("{\"unique\":\"q-1\",\"cancelled\":true}");
        assertThat(post(d, "/api/jobs/bad-1/cancel", good, Permission.ACT).status()).isEqualTo(409);
        assertThat(cancelled).containsExactly("q-1");
        assertThat(post(d, "/api/jobs/bad-1/retry", Map.of("X-Gearman-CSRF", token), Permission.ACT).status())
                .as("no Origin (a non-browser client) but the token").isEqualTo(200);
        assertThat(get(d, "/api/session", null, Permission.NONE).status()).isEqualTo(403);
    }

    @Test
    @DisplayName("issue 15 dashboard: the page, its script and style and uPlot from the WebJar, with a strict CSP and "
            + "no inline script")
    void pageAndAssetsIssue15() {
        Dashboard d = dashboard(List.of(), null);
        DashboardResponse page = get(d, "/", null, Permission.READ);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.headers()).containsEntry("Content-Security-Policy", Dashboard.CONTENT_SECURITY_POLICY)
                .containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(Dashboard.CONTENT_SECURITY_POLICY).contains("default-src 'none'", "script-src 'self'")
                .doesNotContain("unsafe");
        assertThat(page.text()).contains("<script src=\"static/dashboard.js\" defer></script>")
                .doesNotContainPattern("<script>|<script [^>]*>[^<]|\\son[a-z]+=|style=");
        assertThat(get(d, "/static/dashboard.js", null, Permission.READ).text()).contains("textContent")
                .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
        DashboardResponse uplot = get(d, "/static/uPlot.iife.min.js", null, Permission.READ);
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.contentType()).startsWith("text/javascript");
        assertThat(uplot.text()).contains("uPlot");
        assertThat(get(d, "/static/uPlot.min.css", null, Permission.READ).text()).contains(".uplot");
        assertThat(get(d, "/static/../../../META-INF/MANIFEST.MF", null, Permission.READ).status()).isEqualTo(404);
        assertThat(get(d, "", null, Permission.READ).headers()).containsEntry("Location", "gearman/");
        assertThat(get(d, "/nothing", null, Permission.READ).status()).isEqualTo(404);
    }
}
