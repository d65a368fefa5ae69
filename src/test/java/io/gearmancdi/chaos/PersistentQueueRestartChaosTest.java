package io.gearmancdi.chaos;

import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.WorkerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, chaos: gearmand with a {@code libsqlite3} persistent queue killed with SIGKILL while background jobs wait
 * (no worker yet), restarted on the same port with the same database, then workers start: every job must run, once
 * (nothing was in flight at the kill).
 */
class PersistentQueueRestartChaosTest {
    private static final String FUNCTION = "chaos.persistent";

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void backgroundJobsSurviveAKilledGearmand(@TempDir Path dir) throws Exception {
        // its own size knob: with sqlite the experiment's time is the disk's, one write per submit
        int jobs = Integer.getInteger("chaos.persistent.jobs", ChaosReport.jobs(100));
        Path db = dir.resolve("queue.sqlite");
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        try (Gearmand gearmand = Gearmand.start("-q", "libsqlite3", "--libsqlite3-db", db.toString())) {
            try (JobClient client = JobClient.create(ClientOptions.builder().servers(List.of(gearmand.address()))
                    .timeout(Duration.ofSeconds(60)).build())) {
                // sqlite writes every submit through: about 10 ms each here (see README, "Production")
                ChaosSupport.submitBackground(client, FUNCTION, jobs);
            }
            gearmand.kill();
            gearmand.restart();
            try (GearmanWorker worker = GearmanWorker.create(WorkerOptions.builder()
                    .servers(List.of(gearmand.address())).connectionsPerServer(4).pollInterval(Duration.ofSeconds(1))
                    .shutdownTimeout(Duration.ofSeconds(5)).build())) {
                worker.register(FUNCTION, job -> {
                    counts.merge(new String(job.payload(), StandardCharsets.UTF_8), 1, Integer::sum);
                    return null;
                }).start();
                ChaosSupport.await(120 + jobs / 100, () -> counts.size() >= jobs);
            }
        }
        long executed = counts.values().stream().mapToLong(Integer::longValue).sum();
        long lost = ChaosSupport.lost(counts, jobs);
        long duplicated = ChaosSupport.duplicated(counts);
        ChaosReport.row("sqlite-gearmand-kill-9", jobs, executed, lost, duplicated, 0);
        assertThat(lost).as("background jobs lost with the killed gearmand").isZero();
        assertThat(duplicated).as("no job was in flight at the kill").isZero();
    }
}
