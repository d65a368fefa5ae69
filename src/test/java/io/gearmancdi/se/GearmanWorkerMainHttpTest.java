package io.gearmancdi.se;

import io.gearmancdi.testing.Cli;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.Http;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: {@code GearmanWorkerMain --http-port} in a separate JVM serves MicroProfile Health JSON and Prometheus
 * metrics: UP with gearmand running, readiness DOWN (naming the server) after it is killed, UP again after it
 * restarts on the same port; the job counters move.
 */
class GearmanWorkerMainHttpTest {
    private final Http http = new Http();

    @Test
    @DisplayName("issue 14 item 2: /health/* UP, DOWN after gearmand stops, UP after it restarts; /metrics counts jobs")
    void healthFollowsTheJobServerAndMetricsCountJobsIssue14Item2(@TempDir Path dir) throws Exception {
        Path app = GearmanWorkerMainTest.application(dir);
        try (Gearmand gearmand = Gearmand.start()) {
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            Process main = GearmanWorkerMainTest.java(app, out, err, List.of("-Dgearman.job-name.prefix=main",
                            "-Dgearman.worker.poll-interval=200ms"),
                    "--servers", gearmand.address().toString(), "--http-port", "0");
            try {
                GearmanWorkerMainTest.awaitFileLine(out, "GearmanWorkerMain: serving");
                String base = Files.readAllLines(out).stream()
                        .filter(l -> l.startsWith("GearmanWorkerMain: health and metrics on "))
                        .findFirst().orElseThrow().substring("GearmanWorkerMain: health and metrics on ".length());
                assertThat(base).startsWith("http://127.0.0.1:");

                HttpResponse<String> ready = http.await(base + "health/ready", r -> r.statusCode() == 200);
                assertThat(ready.body()).startsWith("{\"status\":\"UP\",\"checks\":[")
                        .contains("{\"name\":\"gearman-server " + gearmand.address() + "\",\"status\":\"UP\"");
                assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(http.get(base + "health/live").statusCode()).isEqualTo(200);
                assertThat(http.get(base + "health/started").body()).contains("\"gearman-workers-started\",\"status\":\"UP\"");
                assertThat(http.get(base + "health/lively").statusCode()).isEqualTo(404);
                assertThat(http.get(base + "nothing").statusCode()).isEqualTo(404);
                assertThat(http.get(base + "health").body()).contains("\"name\":\"gearman-workers\"",
                        "\"name\":\"gearman-server " + gearmand.address() + "\"");

                assertThat(Cli.run(gearmand.address(), "-f", "main.com.acme.reports.shout", "{\"args\":[\"hi\"]}")
                        .out()).isEqualTo("\"HI\"");
                HttpResponse<String> metrics = http.get(base + "metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
                assertThat(metrics.body()).contains(
                        "gearman_jobs_total{job=\"com.acme.reports.shout\",outcome=\"completed\"} 1\n",
                        "gearman_job_duration_seconds_count{job=\"com.acme.reports.shout\"} 1\n",
                        "gearman_server_workers{server=\"" + gearmand.address()
                                + "\",function=\"main.com.acme.reports.shout\"} 1\n");

                gearmand.kill();
                HttpResponse<String> down = http.await(base + "health/ready", r -> r.statusCode() == 503);
                assertThat(down.body()).startsWith("{\"status\":\"DOWN\"")
                        .contains("job server " + gearmand.address() + " unreachable");
                assertThat(http.get(base + "health/live").statusCode()).as("a job server down is no reason to restart us")
                        .isEqualTo(200);

                gearmand.restart();
                http.await(base + "health/ready", r -> r.statusCode() == 200);
                assertThat(main.isAlive()).isTrue();
            } finally {
                main.destroy();
                assertThat(main.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(main.exitValue()).as(Files.readString(err)).isEqualTo(GearmanWorkerMain.EXIT_OK);
        }
    }

    @Test
    @DisplayName("issue 14 item 2: an HTTP port that cannot be bound fails the start with exit code 1")
    void busyHttpPortFailsTheStartIssue14Item2(@TempDir Path dir) throws Exception {
        Path app = GearmanWorkerMainTest.application(dir);
        try (Gearmand gearmand = Gearmand.start();
             java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                     java.net.InetAddress.getByName("127.0.0.1"))) {
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            Process main = GearmanWorkerMainTest.java(app, out, err, List.of("-Dgearman.job-name.prefix=main"),
                    "--servers", gearmand.address().toString(), "--http-port",
                    Integer.toString(taken.getLocalPort()));
            try {
                assertThat(main.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(main.exitValue()).isEqualTo(GearmanWorkerMain.EXIT_CANNOT_START);
                assertThat(Files.readString(err)).contains("GearmanWorkerMain: cannot serve HTTP on 127.0.0.1:"
                        + taken.getLocalPort());
            } finally {
                main.destroyForcibly();
            }
        }
    }

    @Test
    @DisplayName("issue 14 item 2: --http-port and --http-host are parsed and checked")
    void parsesTheHttpOptionsIssue14Item2() {
        GearmanWorkerMain.Options o = GearmanWorkerMain.Options.parse("--http-port", "8080");
        assertThat(o.httpPort()).isEqualTo(8080);
        assertThat(o.httpHost()).isEqualTo("127.0.0.1");
        assertThat(GearmanWorkerMain.Options.parse("--http-port=9", "--http-host=0.0.0.0").httpHost())
                .isEqualTo("0.0.0.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GearmanWorkerMain.Options.parse("--http-port", "x"))
                .hasMessageContaining("port number");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GearmanWorkerMain.Options.parse("--http-host", "h"))
                .hasMessageContaining("needs --http-port");
    }
}
