package io.gearmancdi.chaos;

import io.gearmancdi.GearmanJobFailedException;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.cdi.fixtures.GearmanJobs;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.testing.AdminText;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.RawGearman;
import io.gearmancdi.testing.ScriptedServer;
import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.WorkerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, chaos: hostile input in a loop, and the service must keep answering. The 19-byte payload
 * {@code {"args":[{"z":[}}]}} at a CDI {@code @GearmanJob} worker (every job must fail promptly, and a valid call still
 * answer), and oversized or malformed packet headers at the embedded server and at a worker (each followed by a job
 * that must still complete). Every hostile input and every probe is counted.
 */
class HostilePayloadChaosTest {
    private static final byte[] HOSTILE = "{\"args\":[{\"z\":[}}]}".getBytes(StandardCharsets.UTF_8);
    private static final String REVERSE = "chaos.io.gearmancdi.cdi.fixtures.reverse";

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void hostileJsonPayloadsAtACdiWorker() throws Exception {
        assertThat(HOSTILE).hasSize(19);
        int rounds = ChaosReport.jobs(200);
        try (Gearmand gearmand = Gearmand.start();
             CdiApp app = CdiApp.start(Map.of("gearman.servers", gearmand.address().toString(),
                     "gearman.job-name.prefix", "chaos", "gearman.worker.count", "2",
                     "gearman.worker.shutdown-timeout", "2s"), GearmanJobs.class);
             JobClient client = JobClient.create(ClientOptions.builder().servers(List.of(gearmand.address()))
                     .timeout(Duration.ofSeconds(30)).build())) {
            assertThat(app).isNotNull();
            AdminText.await(gearmand.address(), "status", s -> s.lines().anyMatch(l -> l.startsWith(REVERSE + "\t")
                    && !l.endsWith("\t0")), "a worker for " + REVERSE);
            List<JobClient.JobSpec> jobs = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                jobs.add(new JobClient.JobSpec(REVERSE, HOSTILE, SubmitOptions.DEFAULTS));
            }
            long answered = 0;
            for (CompletableFuture<byte[]> result : client.submitAll(jobs)) {
                try {
                    result.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof GearmanJobFailedException) {
                        answered++;   // the job failed with a clear error, as it must
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    // unanswered: counted as lost
                }
            }
            String still = new String(client.call(REVERSE, "{\"args\":[\"still here\"]}".getBytes(StandardCharsets.UTF_8),
                    SubmitOptions.DEFAULTS), StandardCharsets.UTF_8);
            ChaosReport.row("hostile-json-payloads", rounds, answered, rounds - answered, 0, 0);
            assertThat(answered).as("hostile payloads answered with a failure").isEqualTo(rounds);
            assertThat(still).isEqualTo("\"ereh llits\"");
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void oversizedHeadersAtTheEmbeddedServer() throws Exception {
        int rounds = Math.max(10, ChaosReport.jobs(200) / 10);
        int[][] headers = {
            {0x00524551, 7, 0x7FFFFFFF},        // SUBMIT_JOB of 2 GiB
            {0x00524551, 7, 0xFFFFFFFF},        // a negative size as a signed int
            {0x00524551, 16, 0x40000000},       // ECHO_REQ of 1 GiB
            {0x00524553, 7, 64},                // response magic in a request
            {0x12345678, 1, 0x7FFFFFF0},        // bad magic and a huge size
        };
        try (EmbeddedJobServer server = EmbeddedJobServer.start();
             GearmanWorker worker = GearmanWorker.create(WorkerOptions.builder().servers(List.of(server.address()))
                     .shutdownTimeout(Duration.ofSeconds(2)).build());
             JobClient client = JobClient.create(ClientOptions.builder().servers(List.of(server.address()))
                     .timeout(Duration.ofSeconds(30)).build())) {
            worker.register("chaos.echo", job -> job.payload()).start();
            long answered = 0;
            for (int i = 0; i < rounds; i++) {
                int[] h = headers[i % headers.length];
                try (RawGearman raw = RawGearman.connect(server.address())) {
                    raw.writeRaw(RawGearman.header(h[0], h[1], h[2]));
                    raw.writeRaw(new byte[64]);
                } catch (RuntimeException e) {
                    // the server may close the connection while we still write: that is an acceptable answer
                }
                byte[] probe = ("probe-" + i).getBytes(StandardCharsets.UTF_8);
                if (java.util.Arrays.equals(client.call("chaos.echo", probe, SubmitOptions.DEFAULTS), probe)) {
                    answered++;
                }
            }
            ChaosReport.row("oversized-headers", rounds, answered, rounds - answered, 0, 0);
            assertThat(answered).as("probes answered after each hostile header").isEqualTo(rounds);
        }
    }

    /**
     * Our worker serves two servers: a scripted one that answers it with oversized or malformed headers, and gearmand.
     * After each hostile header the worker must drop that connection (and come back), and keep serving gearmand.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void oversizedHeadersAtAWorker() throws Exception {
        int rounds = Math.max(5, ChaosReport.jobs(200) / 20);
        int[][] headers = {
            {0x00524553, 31, 0x7FFFFFFF},       // JOB_ASSIGN_UNIQ of 2 GiB
            {0x00524553, 6, 0xFFFFFFFF},        // NOOP with a negative size as a signed int
            {0x00524551, 11, 64},               // request magic from a server
            {0x12345678, 11, 0x7FFFFFF0},       // bad magic and a huge size
        };
        try (ScriptedServer hostile = new ScriptedServer();
             Gearmand gearmand = Gearmand.start();
             GearmanWorker worker = GearmanWorker.create(WorkerOptions.builder()
                     .servers(List.of(hostile.address(), gearmand.address()))
                     .backoff(Duration.ofMillis(20), Duration.ofMillis(100)).pollInterval(Duration.ofSeconds(1))
                     // a 2 GiB JOB_ASSIGN_UNIQ is streamed past, not refused: a server that then sends nothing is
                     // dropped by the reply timeout, which must be shorter than the wait below
                     .replyTimeout(Duration.ofSeconds(2))
                     .shutdownTimeout(Duration.ofSeconds(2)).build());
             JobClient client = JobClient.create(ClientOptions.builder().servers(List.of(gearmand.address()))
                     .timeout(Duration.ofSeconds(30)).build())) {
            worker.register("chaos.echo", job -> job.payload()).start();
            long answered = 0;
            for (int i = 0; i < rounds; i++) {
                int[] h = headers[i % headers.length];
                boolean dropped;
                try (ScriptedServer.Peer peer = hostile.accept(Duration.ofSeconds(30))) {
                    peer.write(RawGearman.header(h[0], h[1], h[2]));
                    dropped = peer.awaitClosed(Duration.ofSeconds(10));
                }
                byte[] probe = ("probe-" + i).getBytes(StandardCharsets.UTF_8);
                if (dropped && java.util.Arrays.equals(client.call("chaos.echo", probe, SubmitOptions.DEFAULTS), probe)) {
                    answered++;
                }
            }
            ChaosReport.row("oversized-headers-at-worker", rounds, answered, rounds - answered, 0, 0);
            assertThat(answered).as("hostile headers dropped by the worker, and probes answered after each")
                    .isEqualTo(rounds);
        }
    }
}
