package io.gearmancdi.metrics;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.admin.FunctionStatus;
import io.gearmancdi.health.HealthReport;
import io.gearmancdi.worker.AttemptOutcome;
import io.gearmancdi.worker.WorkerConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14 item 3: the Prometheus text of the registry, and the MicroProfile Health JSON of a report. */
class GearmanMetricsTest {

    @Test
    @DisplayName("issue 14 item 3: histogram buckets are cumulative, labels escaped, gauges from the snapshot")
    void rendersPrometheusTextIssue14Item3() {
        GearmanMetrics metrics = new GearmanMetrics();
        metrics.logicalNames(f -> f.equals("7.a") ? "com.acme.a" : null);
        metrics.jobEnded("7.a", AttemptOutcome.COMPLETED, 3_000_000); // 3 ms: bucket 0.005
        metrics.jobEnded("7.a", AttemptOutcome.COMPLETED, 200_000_000); // 200 ms: bucket 0.25
        metrics.jobEnded("7.a", AttemptOutcome.BAD_PAYLOAD, 0); // counted, not timed
        metrics.jobEnded("say \"hi\"\\", AttemptOutcome.FAILED, 1);
        metrics.clientCallEnded("com.acme.a", "completed", 1_000_000_000);
        ServerAddress server = new ServerAddress("gear1", 4730);
        List<WorkerConnection> connections = List.of(
                new WorkerConnection("c1", server, WorkerConnection.State.BUSY, "7.a", "running a job", Duration.ZERO),
                new WorkerConnection("c2", server, WorkerConnection.State.IDLE, null, "asleep", Duration.ZERO));

        String text = metrics.scrape(connections, Map.of("gear1:4730", List.of(new FunctionStatus("7.a", 5, 1, 2))));

        assertThat(text).contains(
                "gearman_jobs_total{job=\"com.acme.a\",outcome=\"completed\"} 2\n",
                "gearman_jobs_total{job=\"com.acme.a\",outcome=\"bad_payload\"} 1\n",
                "gearman_jobs_total{job=\"com.acme.a\",outcome=\"retried\"} 0\n",
                "gearman_jobs_total{job=\"say \\\"hi\\\"\\\\\",outcome=\"failed\"} 1\n",
                "gearman_job_duration_seconds_bucket{job=\"com.acme.a\",le=\"0.005\"} 1\n",
                "gearman_job_duration_seconds_bucket{job=\"com.acme.a\",le=\"0.1\"} 1\n",
                "gearman_job_duration_seconds_bucket{job=\"com.acme.a\",le=\"0.25\"} 2\n",
                "gearman_job_duration_seconds_bucket{job=\"com.acme.a\",le=\"+Inf\"} 2\n",
                "gearman_job_duration_seconds_sum{job=\"com.acme.a\"} 0.203\n",
                "gearman_job_duration_seconds_count{job=\"com.acme.a\"} 2\n",
                "gearman_jobs_running{job=\"com.acme.a\"} 1\n",
                "gearman_worker_connections{server=\"gear1:4730\",state=\"busy\"} 1\n",
                "gearman_worker_connections{server=\"gear1:4730\",state=\"idle\"} 1\n",
                "gearman_worker_connections{server=\"gear1:4730\",state=\"disconnected\"} 0\n",
                "gearman_client_calls_total{job=\"com.acme.a\",outcome=\"completed\"} 1\n",
                "gearman_client_call_duration_seconds_bucket{job=\"com.acme.a\",le=\"1.0\"} 1\n",
                "gearman_server_jobs_queued{server=\"gear1:4730\",function=\"7.a\"} 5\n",
                "gearman_server_workers{server=\"gear1:4730\",function=\"7.a\"} 2\n",
                "# TYPE gearman_jobs_total counter\n", "# TYPE gearman_jobs_running gauge\n");
        // every sample line is "name{labels} value"
        for (String line : text.split("\n")) {
            assertThat(line).matches("# (HELP|TYPE) gearman_\\w+ .*|gearman_\\w+\\{.*\\} -?[0-9.E+-]+");
        }
    }

    @Test
    @DisplayName("issue 14 item 2: a report renders as MicroProfile Health JSON, escaped, UP only if all checks are")
    void rendersMicroProfileHealthJsonIssue14Item2() {
        HealthReport report = new HealthReport(List.of(
                new HealthReport.Check("a", true, Map.of("n", 3)),
                new HealthReport.Check("b \"x\"", false, Map.of("reason", "line\nbreak\\"))));
        assertThat(report.up()).isFalse();
        assertThat(report.toJson()).isEqualTo("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"a\",\"status\":\"UP\","
                + "\"data\":{\"n\":3}},{\"name\":\"b \\\"x\\\"\",\"status\":\"DOWN\",\"data\":{\"reason\":"
                + "\"line\\nbreak\\\\\"}}]}");
        assertThat(new HealthReport(List.of()).toJson()).isEqualTo("{\"status\":\"UP\",\"checks\":[]}");
    }
    @Test
    @DisplayName("issue 14 (metrics in containers): the views and the observer the metrics API adapters use")
    void adaptersSeeNewSeriesDurationsAndValuesIssue14() {
        GearmanMetrics metrics = new GearmanMetrics();
        metrics.logicalNames(f -> f.equals("7.a") ? "com.acme.a" : null);
        metrics.jobEnded("7.a", AttemptOutcome.COMPLETED, 3_000_000);
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        metrics.observer(new GearmanMetrics.Observer() {
            @Override
            public void workerSeriesAdded(String job) {
                events.add("worker " + job);
            }

            @Override
            public void clientSeriesAdded(String job, String outcome) {
                events.add("client " + job + " " + outcome);
            }

            @Override
            public void jobDuration(String job, long nanos) {
                events.add("job " + job + " " + nanos);
            }

            @Override
            public void clientCallDuration(String job, long nanos) {
                events.add("call " + job + " " + nanos);
            }
        });
        assertThat(events).as("series that exist already are replayed").containsExactly("worker com.acme.a");
        metrics.jobEnded("7.a", AttemptOutcome.COMPLETED, 200_000_000);
        metrics.jobEnded("7.a", AttemptOutcome.BAD_PAYLOAD, 5);
        metrics.jobEnded("8.b", AttemptOutcome.FAILED, 7);
        metrics.clientCallEnded("com.acme.a", "completed", 9);
        metrics.clientCallEnded("com.acme.a", "completed", 10);
        metrics.clientCallEnded("com.acme.a", "timed_out", 11);
        assertThat(events).containsExactly("worker com.acme.a", "job com.acme.a 200000000", "worker 8.b", "job 8.b 7",
                "client com.acme.a completed", "call com.acme.a 9", "call com.acme.a 10",
                "client com.acme.a timed_out", "call com.acme.a 11");

        assertThat(metrics.jobCount("com.acme.a", "completed")).isEqualTo(2);
        assertThat(metrics.jobCount("com.acme.a", "bad_payload")).isEqualTo(1);
        assertThat(metrics.jobCount("nobody", "completed")).isZero();
        assertThat(metrics.clientCallCount("com.acme.a", "completed")).isEqualTo(2);
        assertThat(metrics.jobCounts()).contains(new GearmanMetrics.Count("8.b", "failed", 1));
        Histogram a = metrics.jobDuration("com.acme.a");
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.sum()).isCloseTo(0.203, org.assertj.core.data.Offset.offset(1e-9));
        long[] buckets = a.cumulativeCounts();
        assertThat(buckets).hasSize(Histogram.bounds().length + 1);
        assertThat(buckets[0]).as("le 0.005").isEqualTo(1);
        assertThat(buckets[5]).as("le 0.25").isEqualTo(2);
        assertThat(buckets[buckets.length - 1]).as("+Inf").isEqualTo(2);
        assertThat(metrics.clientCallDuration("com.acme.a").count()).isEqualTo(3);

        metrics.observer(null);
        metrics.jobEnded("7.a", AttemptOutcome.COMPLETED, 1);
        assertThat(events).hasSize(9);
    }
}
