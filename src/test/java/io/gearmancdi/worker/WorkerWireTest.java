package io.gearmancdi.worker;

import io.gearmancdi.protocol.ExceptionPayload;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.ScriptedServer.Peer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static io.gearmancdi.testing.RawGearman.text;
import static io.gearmancdi.testing.RawGearman.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's exact packets, seen by a scripted socket server, and its reaction to bad input that no real server sends
 * (malformed, oversized and unexpected packets, wrong argument counts, unknown functions).
 */
class WorkerWireTest extends AbstractScriptedWorkerTest {
    private Peer startAndRegister(WorkerOptions options, String... functions) {
        worker = GearmanWorker.create(options);
        for (String f : functions) {
            worker.register(f, Duration.ofSeconds(30), job -> utf8("ok " + text(job.payload())));
        }
        worker.start();
        return registered(functions);
    }

    private static Packet assign(String handle, String function, String unique, String data) {
        return Packet.response(PacketType.JOB_ASSIGN_UNIQ, utf8(handle), utf8(function), utf8(unique), utf8(data));
    }

    @Test
    void registersWithClientIdResetAndPlainCanDoEvenForTimedFunctionsThenGrabs() {
        worker = GearmanWorker.create(options().clientId("wire-worker").build())
                .register("timed", Duration.ofSeconds(5), job -> null).register("plain", job -> null);
        worker.start();
        Peer peer = server.accept(WAIT);

        assertThat(peer.expect(PacketType.SET_CLIENT_ID).text(0)).isEqualTo("wire-worker");
        peer.expect(PacketType.RESET_ABILITIES);
        assertThat(peer.expect(PacketType.CAN_DO).text(0)).isEqualTo("timed");
        assertThat(peer.expect(PacketType.CAN_DO).text(0)).isEqualTo("plain");
        peer.expect(PacketType.GRAB_JOB_UNIQ);
        assertThat(peer.next(Duration.ofMillis(200))).as("nothing until the server answers").isNull();
    }

    @Test
    void noJobLeadsToPreSleepAndEitherNoopOrThePollIntervalLeadsToTheNextGrab() {
        Peer peer = startAndRegister(options().pollInterval(Duration.ofMillis(300)).build(), "f");

        peer.send(Packet.response(PacketType.NO_JOB));
        peer.expect(PacketType.PRE_SLEEP);
        peer.send(Packet.response(PacketType.NOOP));
        peer.expect(PacketType.GRAB_JOB_UNIQ);
        peer.send(Packet.response(PacketType.NO_JOB));
        peer.expect(PacketType.PRE_SLEEP);
        // no NOOP: the poll interval passes and the worker asks anyway
        peer.expect(PacketType.GRAB_JOB_UNIQ);
        peer.send(assign("H:1", "f", "u1", "data"));

        Packet complete = peer.expect(PacketType.WORK_COMPLETE);
        assertThat(complete.text(0)).isEqualTo("H:1");
        assertThat(text(complete.data())).isEqualTo("ok data");
        peer.expect(PacketType.GRAB_JOB_UNIQ);
    }

    @Test
    void jobAssignedForUnknownFunctionFailsWithWarningAndWorkFailAndLoopGoesOn() {
        Peer peer = startAndRegister(options().build(), "f");

        peer.send(assign("H:ghost", "ghost", "", "x"));

        Packet failure = peer.expect(PacketType.WORK_WARNING);
        assertThat(failure.text(0)).isEqualTo("H:ghost");
        ExceptionPayload payload = ExceptionPayload.decodeFailure(failure.data());
        assertThat(payload.type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(payload.message()).contains("'ghost'");
        assertThat(peer.expect(PacketType.WORK_FAIL).text(0)).isEqualTo("H:ghost");
        peer.expect(PacketType.GRAB_JOB_UNIQ);
        peer.send(assign("H:2", "f", "", "y"));
        assertThat(text(peer.expect(PacketType.WORK_COMPLETE).data())).isEqualTo("ok y");
    }

    @Test
    void errorPacketFromServerIsLoggedAndLoopGoesOn() throws Exception {
        Peer peer = startAndRegister(options().build(), "f");

        peer.send(Packet.responseText(PacketType.ERROR, "JOB_NOT_FOUND", "Job given in work result not found"));
        peer.send(assign("H:3", "f", "", "z"));

        // the ERROR may answer the GRAB in flight: a fence tells (issue 11 item 1)
        assertThat(peer.expect(PacketType.ECHO_REQ).text(0)).isEqualTo("fence");
        assertThat(text(peer.expect(PacketType.WORK_COMPLETE).data())).isEqualTo("ok z");
        peer.expect(PacketType.GRAB_JOB_UNIQ);
        peer.send(Packet.responseText(PacketType.ECHO_RES, "fence"));
        assertThat(peer.next(Duration.ofMillis(300))).as("the GRAB got its job: nothing to re-send").isNull();
        assertThat(logs.await(Level.WARNING, "answered ERROR JOB_NOT_FOUND", 5000)).isTrue();
    }

    @Test
    void statusNumbersAreSentAsDecimalText() {
        worker = GearmanWorker.create(options().build()).register("progress", job -> {
            job.sendStatus(7, 1_000_000_000_000L);
            return null;
        });
        worker.start();
        Peer peer = server.accept(WAIT);
        peer.expect(PacketType.RESET_ABILITIES);
        peer.expect(PacketType.CAN_DO);
        peer.expect(PacketType.GRAB_JOB_UNIQ);

        peer.send(assign("H:4", "progress", "", ""));

        Packet status = peer.expect(PacketType.WORK_STATUS);
        assertThat(status.text(1)).isEqualTo("7");
        assertThat(status.text(2)).isEqualTo("1000000000000");
        assertThat(peer.expect(PacketType.WORK_COMPLETE).data()).isEmpty();
    }

    @Test
    void nothingIsSentWhileAJobRunsSoAbilitiesNeverChangeMidJob() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        worker = GearmanWorker.create(options().pollInterval(Duration.ofMillis(50)).build()).register("slow", job -> {
            started.countDown();
            release.await();
            return null;
        });
        worker.start();
        Peer peer = server.accept(WAIT);
        peer.expect(PacketType.RESET_ABILITIES);
        peer.expect(PacketType.CAN_DO);
        peer.expect(PacketType.GRAB_JOB_UNIQ);

        peer.send(assign("H:5", "slow", "", ""));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(peer.next(Duration.ofMillis(300))).as("no poll, no CANT_DO, no RESET while the job runs").isNull();
        release.countDown();
        peer.expect(PacketType.WORK_COMPLETE);
        peer.expect(PacketType.GRAB_JOB_UNIQ);
    }

    @Test
    void malformedPacketFromServerMakesWorkerReconnectAndRegisterAgain() throws Exception {
        Peer first = startAndRegister(options().build(), "f");

        first.write("HELLO\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        Peer second = server.accept(WAIT);
        second.expect(PacketType.RESET_ABILITIES);
        second.expect(PacketType.CAN_DO);
        second.expect(PacketType.GRAB_JOB_UNIQ);
        assertThat(logs.await(Level.WARNING, "bad magic", 5000)).isTrue();
    }

    @Test
    void oversizedPacketFromServerIsRefusedBeforeReadingItsBody() throws Exception {
        Peer first = startAndRegister(options().maxPacketSize(1024).build(), "f");

        ByteBuffer header = ByteBuffer.allocate(12).putInt(0x00524553).putInt(PacketType.ERROR.code())
                .putInt(50 * 1024 * 1024);
        first.write(header.array()); // the 50 MiB body never comes: the worker must not wait for it

        Peer second = server.accept(WAIT);
        second.expect(PacketType.RESET_ABILITIES);
        assertThat(logs.await(Level.WARNING, "above the limit of 1024", 5000)).isTrue();
    }

    @Test
    void issue10item12_oversizedAssignmentIsFailedAsSoonAsItsHandleIsKnownAndItsBodyStreamedPast() {
        Peer peer = startAndRegister(options().maxPacketSize(1024).build(), "f");
        int bodySize = 5 * 1024 * 1024;
        byte[] leading = utf8("H:big\0f\0u\0");
        ByteBuffer start = ByteBuffer.allocate(12 + leading.length + 1000).putInt(0x00524553)
                .putInt(PacketType.JOB_ASSIGN_UNIQ.code()).putInt(bodySize).put(leading);
        peer.write(start.array()); // header, handle, function, unique and the first 1000 bytes of the payload

        // answered before the payload has arrived: nothing waits for, or allocates, the 5 MiB
        Packet warning = peer.expect(PacketType.WORK_WARNING);
        assertThat(warning.text(0)).isEqualTo("H:big");
        assertThat(ExceptionPayload.decodeFailure(warning.data()).message()).contains("'f'", "limit of 1024 bytes");
        assertThat(peer.expect(PacketType.WORK_FAIL).text(0)).isEqualTo("H:big");
        peer.expect(PacketType.GRAB_JOB_UNIQ);

        byte[] chunk = new byte[64 * 1024];
        for (int left = bodySize - leading.length - 1000; left > 0; left -= chunk.length) {
            peer.write(left >= chunk.length ? chunk : java.util.Arrays.copyOf(chunk, left));
        }
        peer.send(assign("H:next", "f", "", "small"));
        assertThat(text(peer.expect(PacketType.WORK_COMPLETE).data())).as("still in step").isEqualTo("ok small");
    }

    @Test
    void wrongArgumentCountFromServerMakesWorkerReconnect() throws Exception {
        Peer first = startAndRegister(options().build(), "f");

        // JOB_ASSIGN_UNIQ needs 4 arguments; this body has 3
        byte[] wrong = Packet.response(PacketType.JOB_ASSIGN, utf8("H:6"), utf8("f"), utf8("x")).encode();
        ByteBuffer.wrap(wrong).putInt(4, PacketType.JOB_ASSIGN_UNIQ.code());
        first.write(wrong);

        Peer second = server.accept(WAIT);
        second.expect(PacketType.RESET_ABILITIES);
        assertThat(logs.await(Level.WARNING, "takes 4 arguments", 5000)).isTrue();
    }

    @Test
    void unexpectedPacketTypeFromServerMakesWorkerReconnect() throws Exception {
        Peer first = startAndRegister(options().build(), "f");

        first.send(Packet.responseText(PacketType.JOB_CREATED, "H:7"));

        Peer second = server.accept(WAIT);
        second.expect(PacketType.RESET_ABILITIES);
        assertThat(logs.await(Level.WARNING, "unexpected JOB_CREATED", 5000)).isTrue();
    }
}
