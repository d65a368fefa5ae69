package io.gearmancdi.client;

import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.LogCapture;
import io.gearmancdi.testing.ScriptedServer;
import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10 item 9 (client part): a hung server (frozen, not closed) is detected by heartbeats and unanswered requests,
 * its connection is closed, its jobs resubmitted, and new submissions go to the other servers until it answers again.
 */
class ClientHungServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private GearmanWorker echoWorker(Gearmand server) {
        GearmanWorker worker = GearmanWorker.create(WorkerOptions.builder().servers(List.of(server.address()))
                .shutdownTimeout(Duration.ofSeconds(2)).build());
        worker.register("echo", job -> job.payload()).start();
        return track(worker);
    }

    @Test
    @DisplayName("issue 10 item 9: with one of two gearmand frozen (SIGSTOP), calls keep completing on the other")
    void issue10Item9CallsKeepCompletingWhileOneOfTwoGearmandIsFrozen() throws Exception {
        Gearmand a = track(Gearmand.start());
        Gearmand b = track(Gearmand.start());
        echoWorker(a);
        echoWorker(b);
        JobClient client = track(JobClient.create(ClientOptions.builder().servers(List.of(a.address(), b.address()))
                .timeout(Duration.ofSeconds(20)).maxRetries(2).heartbeat(Duration.ofMillis(500), Duration.ofSeconds(1))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200)).build()));
        try (LogCapture log = LogCapture.of("io.gearmancdi.client")) {
            runCalls(client, 40, "warm", SubmitOptions.DEFAULTS); // both servers in use, workers registered on both

            a.freeze();
            try {
                // jobs caught on the frozen server are resubmitted once it is found out
                runCalls(client, 300, "frozen", SubmitOptions.DEFAULTS);
                assertThat(log.matching(Level.WARNING, "GEARMAN-2012")).as("the frozen server was detected")
                        .isNotEmpty().allMatch(r -> r.getMessage().contains(a.address().toString()));
                // the circuit is open: new jobs go to the other server only, so none needs a retry — for several
                // back-off periods and heartbeat timeouts, during which the frozen server is probed again and again
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                for (int round = 0; System.nanoTime() < until; round++) {
                    runCalls(client, 50, "no-retry-" + round + "-", SubmitOptions.builder().maxRetries(0).build());
                }
            } finally {
                a.thaw();
            }

            // a probe of the thawed server gets an answer; it receives jobs again (probes start on submissions)
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (log.matching(Level.INFO, "GEARMAN-2013").isEmpty() && System.nanoTime() < deadline) {
                runCalls(client, 4, "thawed", SubmitOptions.DEFAULTS);
            }
            assertThat(log.matching(Level.INFO, "GEARMAN-2013")).as("the thawed server answers again").isNotEmpty();
        }
    }

    /** Runs {@code count} calls, 16 in flight; every one must succeed. */
    private static void runCalls(JobClient client, int count, String label, SubmitOptions options) throws Exception {
        List<CompletableFuture<byte[]>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(client.submit("echo", (label + i).getBytes(StandardCharsets.UTF_8), options));
            if (futures.size() >= 16) {
                futures.get(futures.size() - 16).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo((label + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("issue 10 item 9: an idle connection is probed with ECHO_REQ; an unanswered probe closes it")
    void issue10Item9IdleConnectionIsProbedAndClosedWhenTheProbeIsNotAnswered() throws Exception {
        ScriptedServer server = track(new ScriptedServer());
        JobClient client = track(JobClient.create(ClientOptions.builder().servers(List.of(server.address()))
                .timeout(WAIT).heartbeat(Duration.ofMillis(200), Duration.ofMillis(500)).build()));
        CompletableFuture<byte[]> call = client.submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        ScriptedServer.Peer peer = server.accept(WAIT);
        peer.expect(PacketType.OPTION_REQ);
        peer.send(Packet.responseText(PacketType.OPTION_RES, "exceptions"));
        peer.expect(PacketType.SUBMIT_JOB);
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:1"));

        // the job runs long: nothing arrives, so the client probes; answered probes keep the connection
        Packet echo = peer.expect(PacketType.ECHO_REQ);
        peer.send(Packet.response(PacketType.ECHO_RES, echo.data()));
        peer.expect(PacketType.ECHO_REQ);
        // this one stays unanswered: the server is hung, the connection closes, the job fails (no retries left)
        assertThat(peer.awaitClosed(WAIT)).isTrue();
        assertThatThrownBy(() -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(GearmanConnectionException.class).hasMessageContaining("did not answer");
    }
}
