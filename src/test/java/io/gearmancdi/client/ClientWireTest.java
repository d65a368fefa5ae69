package io.gearmancdi.client;

import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.GearmanJobFailedException;
import io.gearmancdi.GearmanProtocolException;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.protocol.Magic;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.ScriptedServer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's exact wire behaviour and its handling of bad input from a server, scripted packet by packet: things a
 * real gearmand never sends (malformed, oversized and unexpected replies).
 */
class ClientWireTest extends AbstractScriptedClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    ClientWireTest() {
        super(WAIT);
    }

    private JobClient client(int maxPacketSize) {
        return connect(ClientOptions.builder().clientId("wire-test").maxPacketSize(maxPacketSize));
    }

    /** Accepts the connection and answers its opening packets; returns the peer after the first submit. */
    private ScriptedServer.Peer acceptAndAnswerOptions() {
        ScriptedServer.Peer peer = server.accept(WAIT);
        assertThat(peer.expect(PacketType.SET_CLIENT_ID).text(0)).isEqualTo("wire-test");
        assertThat(peer.expect(PacketType.OPTION_REQ).text(0)).isEqualTo("exceptions");
        peer.send(Packet.responseText(PacketType.OPTION_RES, "exceptions"));
        return peer;
    }

    @Test
    void opensWithClientIdAndExceptionsThenSubmitsWithAGeneratedUnique() {
        CompletableFuture<byte[]> call = client(1024).submit("fn", "data".getBytes(StandardCharsets.UTF_8),
                SubmitOptions.DEFAULTS);
        ScriptedServer.Peer peer = acceptAndAnswerOptions();

        Packet submit = peer.expect(PacketType.SUBMIT_JOB);
        assertThat(submit.text(0)).isEqualTo("fn");
        assertThat(submit.text(1)).matches("[0-9a-f-]{36}");
        assertThat(submit.data()).isEqualTo("data".getBytes(StandardCharsets.UTF_8));
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:1"));
        peer.send(Packet.response(PacketType.WORK_COMPLETE, Packet.utf8("H:s:1"), Packet.utf8("ok")));

        assertThat(call.join()).isEqualTo(Packet.utf8("ok"));
    }

    @Test
    void refusedExceptionsOptionIsTolerated() {
        CompletableFuture<byte[]> call = client(1024).submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        ScriptedServer.Peer peer = server.accept(WAIT);
        peer.expect(PacketType.SET_CLIENT_ID);
        peer.expect(PacketType.OPTION_REQ);
        peer.send(Packet.responseText(PacketType.ERROR, "UNKNOWN_OPTION", "Server does not recognize given option"));
        peer.expect(PacketType.SUBMIT_JOB);
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:1"));
        peer.send(Packet.response(PacketType.WORK_COMPLETE, Packet.utf8("H:s:1"), Packet.utf8("fine")));

        assertThat(call.join()).isEqualTo(Packet.utf8("fine"));
    }

    @Test
    void workFailWhoseHandleEndsWithNulAsGearmand1120SendsItIsMatched() {
        CompletableFuture<byte[]> call = client(1024).submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        ScriptedServer.Peer peer = acceptAndAnswerOptions();
        peer.expect(PacketType.SUBMIT_JOB);
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:7"));
        peer.send(Packet.response(PacketType.WORK_FAIL, Packet.utf8("H:s:7\0")));

        assertThatThrownBy(() -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(GearmanJobFailedException.class).hasMessageContaining("H:s:7@");
    }

    @Test
    void malformedPacketFromTheServerClosesTheConnectionAndFailsPendingCalls() {
        CompletableFuture<byte[]> call = client(1024).submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        ScriptedServer.Peer peer = acceptAndAnswerOptions();
        peer.expect(PacketType.SUBMIT_JOB);
        peer.write(ByteBuffer.allocate(12).putInt(0x00524550).putInt(8).putInt(0).array()); // bad magic

        assertThatThrownBy(() -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(GearmanConnectionException.class).hasMessageContaining("outcome is unknown")
                .hasRootCauseInstanceOf(GearmanProtocolException.class).hasMessageContaining("bad magic");
        assertThat(peer.awaitClosed(WAIT)).isTrue();
    }

    @Test
    void oversizedPayloadFromTheServerIsRefusedBeforeReadingIt() {
        CompletableFuture<byte[]> call = client(1024).submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        ScriptedServer.Peer peer = acceptAndAnswerOptions();
        peer.expect(PacketType.SUBMIT_JOB);
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:1"));
        peer.write(ByteBuffer.allocate(12).putInt(Magic.RES.value()).putInt(PacketType.WORK_COMPLETE.code())
                .putInt(64 * 1024 * 1024).array());

        assertThatThrownBy(() -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(GearmanConnectionException.class).hasMessageContaining("above the limit of 1024");
    }

    @Test
    void replyToNoRequestIsAProtocolErrorAndTheClientReconnects() {
        JobClient c = client(1024);
        CompletableFuture<byte[]> first = c.submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        ScriptedServer.Peer peer = acceptAndAnswerOptions();
        peer.expect(PacketType.SUBMIT_JOB);
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:1"));
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:2")); // answers nothing

        assertThatThrownBy(() -> first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .hasMessageContaining("JOB_CREATED").hasMessageContaining("answers no request");

        CompletableFuture<byte[]> second = c.submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        ScriptedServer.Peer again = acceptAndAnswerOptions();
        again.expect(PacketType.SUBMIT_JOB);
        again.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:3"));
        again.send(Packet.response(PacketType.WORK_COMPLETE, Packet.utf8("H:s:3"), Packet.utf8("back")));
        assertThat(second.join()).isEqualTo(Packet.utf8("back"));
    }

    @Test
    void resultsOfPipelinedJobsAreRoutedByHandleInAnyOrder() {
        JobClient c = client(1024);
        CompletableFuture<byte[]> a = c.submit("fn", Packet.utf8("a"), SubmitOptions.DEFAULTS);
        ScriptedServer.Peer peer = acceptAndAnswerOptions();
        peer.expect(PacketType.SUBMIT_JOB);
        CompletableFuture<byte[]> b = c.submit("fn", Packet.utf8("b"), SubmitOptions.DEFAULTS);
        peer.expect(PacketType.SUBMIT_JOB);
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:a"));
        peer.send(Packet.responseText(PacketType.JOB_CREATED, "H:s:b"));
        peer.send(Packet.response(PacketType.WORK_COMPLETE, Packet.utf8("H:s:b"), Packet.utf8("result-b")));
        peer.send(Packet.response(PacketType.WORK_COMPLETE, Packet.utf8("H:s:a"), Packet.utf8("result-a")));

        assertThat(a.join()).isEqualTo(Packet.utf8("result-a"));
        assertThat(b.join()).isEqualTo(Packet.utf8("result-b"));
    }

    @Test
    void replyOutOfStepSettlesTheRequestItWasMatchedTo() {
        JobClient c = client(1024);
        CompletableFuture<io.gearmancdi.JobHandle> background = c.submitBackground("fn", new byte[0],
                SubmitOptions.DEFAULTS);
        ScriptedServer.Peer peer = acceptAndAnswerOptions();
        peer.expect(PacketType.SUBMIT_JOB_BG);
        peer.send(Packet.responseText(PacketType.STATUS_RES, "H:s:1", "0", "0", "0", "0")); // answers a submit

        assertThatThrownBy(() -> background.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(GearmanConnectionException.class)
                .hasMessageContaining("STATUS_RES").hasMessageContaining("does not answer Background");
    }

    @Test
    void closeFailsPendingCallsAndEndsItsReaderBeforeReturningAndIsIdempotent() {
        JobClient c = client(1024);
        CompletableFuture<byte[]> pending = c.submit("fn", new byte[0], SubmitOptions.DEFAULTS);
        ScriptedServer.Peer peer = acceptAndAnswerOptions();
        peer.expect(PacketType.SUBMIT_JOB);

        c.close();

        // synchronous: no waiting here, close() returns once the reader has failed the pending call and ended
        assertThat(pending).as("failed when close() returns").isCompletedExceptionally();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive()
                && t.getName().equals("gearman-client-reader-" + server.address()));
        c.close();
        assertThatThrownBy(() -> pending.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(GearmanConnectionException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> c.call("fn", new byte[0], SubmitOptions.DEFAULTS))
                .isInstanceOf(GearmanConnectionException.class).hasMessageContaining("closed");
    }

    @Test
    void statusOfAHandleFromAnotherServerIsRejected() {
        io.gearmancdi.JobHandle foreign = new io.gearmancdi.JobHandle(
                new io.gearmancdi.ServerAddress("elsewhere", 4730), "H:x:1", "u");

        assertThatThrownBy(() -> client(1024).status(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("elsewhere:4730");
    }
}
