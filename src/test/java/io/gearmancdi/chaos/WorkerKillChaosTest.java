package io.gearmancdi.chaos;

import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.testing.Gearmand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, chaos: a worker JVM killed with SIGKILL under load. Background jobs on gearmand; the first worker is killed
 * once a third of them ran, a second one finishes. Nothing may be lost (gearmand requeues the jobs of the dead
 * connections); a job may run twice only if it was in flight at the kill, so duplicates are at most the killed
 * worker's connections.
 */
class WorkerKillChaosTest {
    private static final String FUNCTION = "chaos.worker-kill";
    private static final int CONNECTIONS = 4;
    private static final long JOB_MILLIS = 3;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void workerKilledUnderLoadLosesNothing(@TempDir Path dir) throws Exception {
        int jobs = ChaosReport.jobs(400);
        Path first = dir.resolve("first.txt");
        Path second = dir.resolve("second.txt");
        try (Gearmand gearmand = Gearmand.start();
             JobClient client = JobClient.create(ClientOptions.builder().servers(List.of(gearmand.address()))
                     .timeout(Duration.ofSeconds(60)).build())) {
            ChaosSupport.submitBackground(client, FUNCTION, jobs);
            Process victim = ChaosSupport.childWorker(gearmand.address().toString(), FUNCTION, CONNECTIONS, JOB_MILLIS,
                    first, dir.resolve("first.log"));
            Process successor = null;
            try {
                assertThat(ChaosSupport.await(120, () -> ChaosSupport.recorded(first) >= jobs / 3))
                        .as("the first worker ran a third of the jobs").isTrue();
                ChaosSupport.killHard(victim);
                successor = ChaosSupport.childWorker(gearmand.address().toString(), FUNCTION, CONNECTIONS, JOB_MILLIS,
                        second, dir.resolve("second.log"));
                ChaosSupport.await(300, () -> ChaosSupport.executions(first, second).size() >= jobs);
            } finally {
                ChaosSupport.killHard(victim);
                if (successor != null) {
                    ChaosSupport.killHard(successor);
                }
            }
            Map<String, Integer> counts = ChaosSupport.executions(first, second);
            long executed = counts.values().stream().mapToLong(Integer::longValue).sum();
            long lost = ChaosSupport.lost(counts, jobs);
            long duplicated = ChaosSupport.duplicated(counts);
            ChaosReport.row("worker-kill-9", jobs, executed, lost, duplicated, CONNECTIONS);
            assertThat(lost).as("jobs never executed").isZero();
            assertThat(duplicated).as("jobs executed twice (at most the jobs in flight at the kill)")
                    .isLessThanOrEqualTo(CONNECTIONS);
        }
    }
}
