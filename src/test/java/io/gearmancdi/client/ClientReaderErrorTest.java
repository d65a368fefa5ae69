package io.gearmancdi.client;

import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobListener;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.protocol.Magic;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.LogCapture;
import io.gearmancdi.testing.ScriptedServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10 item 3: an {@code Error} on a client reader thread (a listener's bug, running out of memory on one huge
 * result) must not disable the client for that server.
 */
class ClientReaderErrorTest extends AbstractScriptedClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    ClientReaderErrorTest() {
        super(WAIT);
    }

    private JobClient client(int maxPacketSize) {
        return connect(ClientOptions.builder().maxPacketSize(maxPacketSize)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(100)));
    }

    @Test
    @DisplayName("issue 10 item 3: a listener throwing AssertionError is logged; the job completes, the connection serves on")
    void issue10Item3ListenerThrowingAnErrorDoesNotKillTheReader() throws Exception {
        JobListener broken = new JobListener() {
            @Override
            public void onData(JobHandle handle, byte[] data) {
                throw new AssertionError("listener bug");
            }
        };
        try (LogCapture log = LogCapture.of("io.gearmancdi.client")) {
            CompletableFuture<byte[]> first = client(1024).submit("fn", new byte[0],
                    SubmitOptions.builder().listener(broken).build());
            ScriptedServer.Peer peer = opened();
            peer.expect(PacketType.SUBMIT_JOB);
            peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:1"));
            peer.send(Packet.response(PacketType.WORK_DATA, Packet.utf8("H:s:1"), Packet.utf8("part")));
            peer.send(Packet.response(PacketType.WORK_COMPLETE, Packet.utf8("H:s:1"), Packet.utf8("done")));

            assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Packet.utf8("done"));
            assertThat(log.matching(Level.WARNING, "GEARMAN-2007")).hasSize(1);

            CompletableFuture<byte[]> second = client.submit("fn", new byte[0], SubmitOptions.DEFAULTS);
            peer.expect(PacketType.SUBMIT_JOB); // the same connection
            peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:2"));
            peer.send(Packet.response(PacketType.WORK_COMPLETE, Packet.utf8("H:s:2"), Packet.utf8("again")));
            assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Packet.utf8("again"));
        }
    }

    @Test
    @DisplayName("issue 10 item 3: a reader that runs out of memory on one huge result fails that call; the client reconnects")
    void issue10Item3OutOfMemoryWhileReadingAResultFailsThatCallAndTheClientReconnects() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                OutOfMemoryReaderMain.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).contains("first failed: GearmanConnectionException")
                    .contains("OutOfMemoryError").contains("second: back");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    @DisplayName("issue 10 item 3: a result above maxPacketSize fails that call clearly; the client reconnects")
    void issue10Item3ResultAboveMaxPacketSizeFailsThatCallAndTheClientReconnects() throws Exception {
        JobClient c = client(1024);
        CompletableFuture<byte[]> first = c.submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        ScriptedServer.Peer peer = opened();
        peer.expect(PacketType.SUBMIT_JOB);
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:1"));
        peer.write(ByteBuffer.allocate(12).putInt(Magic.RES.value()).putInt(PacketType.WORK_COMPLETE.code())
                .putInt(1 << 30).array());

        assertThatThrownBy(() -> first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(GearmanConnectionException.class).hasMessageContaining("above the limit of 1024");

        CompletableFuture<byte[]> second = c.submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        ScriptedServer.Peer again = opened();
        again.expect(PacketType.SUBMIT_JOB);
        again.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:2"));
        again.send(Packet.response(PacketType.WORK_COMPLETE, Packet.utf8("H:s:2"), Packet.utf8("back")));
        assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Packet.utf8("back"));
    }
}
