package io.gearmancdi.se;

import io.gearmancdi.JobOutcome.State;
import io.gearmancdi.store.JobRecord;
import io.gearmancdi.store.internal.ConnectionSource;
import io.gearmancdi.store.internal.JdbcJobStore;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.Http;
import io.gearmancdi.testing.JavaSources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, "Dashboard" (b): {@code GearmanWorkerMain --http-port} serves the dashboard at {@code /gearman/} over real
 * HTTP against a real gearmand: the page and its API, CSRF and Origin refusals, read-only unless
 * {@code --dashboard-actions}, hostile job names and messages escaped; with the flag, a retry runs the job again.
 * The job records are the library's own store ({@code gearman.store.enabled}, {@code gearman.store.jdbc-url}) on an H2
 * database in a file of the test's directory, which the test fills through the real store before the worker starts
 * (an in-memory H2 database cannot be shared with the worker's JVM).
 */
class GearmanWorkerMainDashboardTest {
    private static final String APP = """
            package com.acme.reports;

            @jakarta.enterprise.context.ApplicationScoped
            public class GearmanJobs {
                @io.gearmancdi.GearmanJob
                public String shout(String text) { return text.toUpperCase(); }
            }
            """;

    private static final String DB_USER = "sa";
    private static final String DB_PASSWORD = "dash-store";

    private final Http http = new Http();

    /**
     * Writes the records the dashboard shows through the real store into an H2 database file and closes it again.
     *
     * @return the worker's JVM options that open the same database as its job record store
     */
    private static List<String> storeWithRecords(Path dir) throws InterruptedException {
        String url = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
        try (JdbcJobStore store = new JdbcJobStore(ConnectionSource.of(url, DB_USER, DB_PASSWORD),
                JdbcJobStore.Options.defaults())) {
            store.write(failed("failed-1", "com.acme.reports.shout", "{\"args\":[\"again\"]}",
                    "java.lang.IllegalStateException", "first try failed"));
            store.write(failed("hostile-1", "<script>alert('x')</script>", "{\"args\":[\"<b>\"]}", "E",
                    "\"><img src=x onerror=alert(1)>"));
            assertThat(store.flush(Duration.ofSeconds(30))).as("records written to H2").isTrue();
        }
        return List.of("-Dgearman.job-name.prefix=main", "-Dgearman.store.enabled=true",
                "-Dgearman.store.jdbc-url=" + url, "-Dgearman.store.jdbc-user=" + DB_USER,
                "-Dgearman.store.jdbc-password=" + DB_PASSWORD);
    }

    private static JobRecord failed(String unique, String job, String payload, String errorType, String message) {
        Instant now = Instant.now();
        return new JobRecord(unique, null, null, job, job, State.FAILED, 1, null, null, payload, null, errorType,
                message, null, now, now, now, null, now);
    }

    @Test
    @DisplayName("issue 15 dashboard (b): standalone /gearman/ serves the page and API, refuses actions without "
            + "token, from a foreign Origin, and when read-only; escapes hostile text")
    void standaloneReadOnlyDashboardIssue15(@TempDir Path dir) throws Exception {
        Path app = application(dir);
        List<String> jvm = storeWithRecords(dir);
        try (Gearmand gearmand = Gearmand.start()) {
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            Process main = GearmanWorkerMainTest.java(app, out, err, jvm,
                    "--servers", gearmand.address().toString(), "--http-port", "0");
            try {
                String base = dashboardUrl(out, "(read-only)");
                assertThat(base).startsWith("http://127.0.0.1:").endsWith("/gearman/");

                HttpResponse<String> root = http.get(base.substring(0, base.length() - 1));
                assertThat(root.statusCode()).isEqualTo(302);
                assertThat(root.headers().firstValue("Location")).hasValue("gearman/");
                HttpResponse<String> page = http.get(base);
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
                assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                        .startsWith("default-src 'none'; script-src 'self'");
                assertThat(page.body()).contains("<title>Gearman dashboard</title>");
                assertThat(http.get(base + "static/uPlot.iife.min.js").body()).contains("uPlot");

                assertThat(http.get(base + "api/servers").body()).contains("\"server\":\"" + gearmand.address()
                        + "\",\"reachable\":true,\"version\":\"1.1.20");
                http.await(base + "api/functions", r -> r.body().contains("\"function\":\"main.com.acme.reports.shout\","
                        + "\"job\":\"com.acme.reports.shout\",\"queued\":0,\"running\":0,\"workers\":1"));
                HttpResponse<String> jobs = http.get(base + "api/jobs?state=FAILED");
                assertThat(jobs.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
                assertThat(jobs.body()).contains("\"unique\":\"failed-1\"", "\"unique\":\"hostile-1\"",
                                "\\u003cscript\\u003e")
                        .doesNotContain("<", ">");
                assertThat(http.get(base + "api/jobs/hostile-1").body()).contains("\"errorMessage\":\"\\\"\\u003e\\u003cimg")
                        .doesNotContain("<", ">");

                String session = http.get(base + "api/session").body();
                assertThat(session).contains("\"actions\":false", "\"store\":true");
                String token = token(session);
                String origin = base.substring(0, base.indexOf("/gearman/"));
                assertThat(post(base + "api/jobs/failed-1/retry", null, origin).statusCode()).as("no token")
                        .isEqualTo(403);
                assertThat(post(base + "api/jobs/failed-1/retry", token, "http://evil.example").statusCode())
                        .as("foreign Origin").isEqualTo(403);
                HttpResponse<String> readOnly = post(base + "api/jobs/failed-1/retry", token, origin);
                assertThat(readOnly.statusCode()).isEqualTo(403);
                assertThat(readOnly.body()).contains("read-only");
            } finally {
                main.destroy();
                assertThat(main.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(main.exitValue()).as(Files.readString(err)).isEqualTo(GearmanWorkerMain.EXIT_OK);
        }
    }

    @Test
    @DisplayName("issue 15 dashboard (b): with --dashboard-actions a retry with token and Origin runs the failed job "
            + "again on the real job server")
    void standaloneDashboardActionsRetryIssue15(@TempDir Path dir) throws Exception {
        Path app = application(dir);
        List<String> jvm = storeWithRecords(dir);
        try (Gearmand gearmand = Gearmand.start()) {
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            Process main = GearmanWorkerMainTest.java(app, out, err, jvm,
                    "--servers", gearmand.address().toString(), "--http-port", "0", "--dashboard-actions");
            try {
                String base = dashboardUrl(out, "(may retry and cancel)");
                String session = http.get(base + "api/session").body();
                assertThat(session).contains("\"actions\":true");
                String origin = base.substring(0, base.indexOf("/gearman/"));
                assertThat(post(base + "api/jobs/failed-1/retry", "wrong", origin).statusCode()).isEqualTo(403);
                HttpResponse<String> retry = post(base + "api/jobs/failed-1/retry", token(session), origin);
                assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
                assertThat(retry.body()).startsWith("{\"retried\":\"failed-1\",\"unique\":\"");
                String metrics = origin + "/metrics";
                try {
                    http.await(metrics, r -> r.body().contains(
                            "gearman_jobs_total{job=\"com.acme.reports.shout\",outcome=\"completed\"} 1\n"));
                    // and the store, the real one, has the new job's record
                    String again = retry.body().replaceAll(".*\"unique\":\"([^\"]+)\".*", "$1");
                    http.await(base + "api/jobs/" + again, r -> r.body().contains("\"state\":\"SUCCEEDED\""));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nworker log:\n" + Files.readString(err), e);
                }
            } finally {
                main.destroy();
                assertThat(main.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    @DisplayName("issue 15 dashboard (b): --dashboard-actions is parsed and needs --http-port")
    void parsesDashboardActionsIssue15() {
        assertThat(GearmanWorkerMain.Options.parse("--http-port", "1").dashboardActions()).isFalse();
        assertThat(GearmanWorkerMain.Options.parse("--http-port", "1", "--dashboard-actions").dashboardActions())
                .isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GearmanWorkerMain.Options.parse(
                "--dashboard-actions")).hasMessageContaining("needs --http-port");
    }

    private static Path application(Path dir) throws Exception {
        Path app = dir.resolve("app");
        JavaSources.compile(app, "com.acme.reports.GearmanJobs", APP, "-parameters");
        Path beansXml = app.resolve("classes/META-INF/beans.xml");
        Files.createDirectories(beansXml.getParent());
        Files.writeString(beansXml, "<beans bean-discovery-mode=\"annotated\" version=\"4.0\"/>");
        return app.resolve("classes");
    }

    private static String dashboardUrl(Path out, String mode) throws Exception {
        GearmanWorkerMainTest.awaitFileLine(out, "GearmanWorkerMain: serving");
        String line = Files.readAllLines(out).stream().filter(l -> l.startsWith("GearmanWorkerMain: dashboard on "))
                .findFirst().orElseThrow();
        assertThat(line).endsWith(" " + mode);
        return line.substring("GearmanWorkerMain: dashboard on ".length(), line.indexOf(' ',
                "GearmanWorkerMain: dashboard on ".length()));
    }

    private static String token(String session) {
        int at = session.indexOf("\"csrf\":\"") + 8;
        return session.substring(at, session.indexOf('"', at));
    }


    private HttpResponse<String> post(String url, String token, String origin) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Origin", origin);
        if (token != null) {
            request.header("X-Gearman-CSRF", token);
        }
        return http.send(request);
    }
}
