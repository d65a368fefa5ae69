package io.gearmancdi.client;

import io.gearmancdi.JobHandle;
import io.gearmancdi.JobListener;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 item 15: the futures of {@link JobClient#submit} complete off the connection's reader thread, so that a
 * dependent stage that blocks cannot stall the other jobs of that connection.
 */
class ClientCompletionThreadTest extends AbstractScriptedClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private ExecutorService executor;

    ClientCompletionThreadTest() {
        super(WAIT);
    }

    @AfterEach
    void shutDownExecutor() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static void complete(ScriptedServer.Peer peer, String handle, String result) {
        peer.send(Packet.response(PacketType.WORK_COMPLETE, Packet.utf8(handle), Packet.utf8(result)));
    }

    @Test
    @DisplayName("issue 11 item 15: a callback that blocks does not stall the other jobs of its connection")
    void issue11Item15BlockingCallbackDoesNotStallOtherJobsOnTheConnection() throws Exception {
        JobClient c = connect(ClientOptions.builder());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        CompletableFuture<byte[]> first = c.submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        CompletableFuture<Void> blocked = first.thenRun(() -> {
            blocking.countDown();
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ScriptedServer.Peer peer = opened();
        peer.expect(PacketType.SUBMIT_JOB);
        CompletableFuture<byte[]> second = c.submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        peer.expect(PacketType.SUBMIT_JOB);
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:1"));
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:2"));
        complete(peer, "H:s:1", "one");
        assertThat(blocking.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        complete(peer, "H:s:2", "two");
        try {
            assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("completed while the first callback blocks")
                    .isEqualTo(Packet.utf8("two"));
            assertThat(blocked).isNotDone();
        } finally {
            release.countDown();
        }
        blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("issue 11 item 15: a listener that blocks does not stall the other jobs; it sees its events in order")
    void issue11Item15BlockingListenerDoesNotStallOtherJobsAndSeesEventsBeforeCompletion() throws Exception {
        JobClient c = connect(ClientOptions.builder());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        JobListener slow = new JobListener() {
            @Override
            public void onData(JobHandle handle, byte[] data) {
                seen.add(new String(data, java.nio.charset.StandardCharsets.UTF_8));
                blocking.countDown();
                try {
                    release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CompletableFuture<byte[]> first = c.submit("fn", new byte[0], SubmitOptions.builder().listener(slow).build());
        ScriptedServer.Peer peer = opened();
        peer.expect(PacketType.SUBMIT_JOB);
        CompletableFuture<byte[]> second = c.submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        peer.expect(PacketType.SUBMIT_JOB);
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:1"));
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:2"));
        peer.send(Packet.response(PacketType.WORK_DATA, Packet.utf8("H:s:1"), Packet.utf8("part-1")));
        peer.send(Packet.response(PacketType.WORK_DATA, Packet.utf8("H:s:1"), Packet.utf8("part-2")));
        complete(peer, "H:s:1", "one");
        assertThat(blocking.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        complete(peer, "H:s:2", "two");
        try {
            assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("completed while the listener blocks")
                    .isEqualTo(Packet.utf8("two"));
            assertThat(first).as("completes only after its listener has seen every event").isNotDone();
        } finally {
            release.countDown();
        }
        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Packet.utf8("one"));
        assertThat(seen).containsExactly("part-1", "part-2");
    }

    @Test
    @DisplayName("issue 11 item 15: dependent stages run on the completion executor, never on the reader")
    void issue11Item15DependentStagesRunOnTheConfiguredCompletionExecutor() throws Exception {
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-completions"));
        JobClient c = connect(ClientOptions.builder().completionExecutor(executor));
        CompletableFuture<String> thread = c.submit("fn", new byte[0], SubmitOptions.DEFAULTS)
                .thenApply(result -> Thread.currentThread().getName());
        ScriptedServer.Peer peer = opened();
        peer.expect(PacketType.SUBMIT_JOB);
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:1"));
        complete(peer, "H:s:1", "done");

        assertThat(thread.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("app-completions");
    }

    @Test
    void byDefaultTheClientsOwnCompletionThreadsRunDependentStages() throws Exception {
        JobClient c = connect(ClientOptions.builder());
        CompletableFuture<String> thread = c.submitBackground("fn", new byte[0], SubmitOptions.DEFAULTS)
                .thenApply(handle -> Thread.currentThread().getName());
        ScriptedServer.Peer peer = opened();
        peer.expect(PacketType.SUBMIT_JOB_BG);
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:1"));

        assertThat(thread.get(WAIT.toSeconds(), TimeUnit.SECONDS)).startsWith("gearman-client-completion-");
    }
}
