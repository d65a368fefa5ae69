package io.gearmancdi.server;

import io.gearmancdi.protocol.Packet;
import io.gearmancdi.testing.AdminText;
import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.RawGearman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.gearmancdi.protocol.PacketType.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile input: the offending connection gets an ERROR where the protocol has one and is closed; the
 * server keeps serving everyone else and loses no queued job. Each test ends with {@link #serverStillHealthy()}.
 */
class EmbeddedServerBadInputTest {
    private static final int REQ = 0x00524551;
    private static final int RES = 0x00524553;

    private EmbeddedJobServer server;
    private RawGearman bystander;
    private String queuedHandle;

    @BeforeEach
    void start() {
        server = EmbeddedJobServer.start(b -> b.maxPacketSize(1024 * 1024).maxPendingOutput(256 * 1024));
        bystander = RawGearman.connect(server);
        queuedHandle = bystander.submit(SUBMIT_JOB, "keep", "u", "precious");
    }

    @AfterEach
    void stop() {
        bystander.close();
        server.close();
    }

    /** The bystander's queued job is intact and a worker can run it; the bystander gets the result. */
    private void serverStillHealthy() {
        bystander.sync();
        try (RawGearman worker = RawGearman.connect(server).canDo("keep")) {
            Packet assign = worker.grab();
            assertThat(assign.text(0)).isEqualTo(queuedHandle);
            assertThat(assign.text(3)).isEqualTo("precious");
            worker.send(WORK_COMPLETE, queuedHandle, "done");
            bystander.expect(WORK_COMPLETE, queuedHandle, "done");
        }
        assertThat(server.server().isRunning()).isTrue();
    }

    @Test
    void badMagicGetsInvalidMagicAndIsClosed() {
        try (RawGearman bad = RawGearman.connect(server)) {
            bad.writeRaw(RawGearman.header(0x00414243, 16, 0));
            List<Packet> replies = bad.expectClosed();
            assertThat(replies).singleElement().satisfies(p -> {
                assertThat(p.type()).isEqualTo(ERROR);
                assertThat(p.text(0)).isEqualTo("INVALID_MAGIC");
            });
        }
        serverStillHealthy();
    }

    @Test
    void responseMagicGetsInvalidMagicRequestMagicExpectedAndIsClosed() {
        try (RawGearman bad = RawGearman.connect(server)) {
            bad.writeRaw(RawGearman.header(RES, 16, 0));
            List<Packet> replies = bad.expectClosed();
            assertThat(replies).singleElement().satisfies(p -> {
                assertThat(p.text(0)).isEqualTo("INVALID_MAGIC");
                assertThat(p.text(1)).isEqualTo("Request magic expected");
            });
        }
        serverStillHealthy();
    }

    @Test
    void unknownPacketTypeGetsInvalidCommandAndIsClosed() {
        for (int type : new int[] {0, 43, 999, -1}) {
            try (RawGearman bad = RawGearman.connect(server)) {
                bad.sync();
                bad.writeRaw(RawGearman.header(REQ, type, 0));
                assertThat(bad.expectClosed()).singleElement()
                        .satisfies(p -> assertThat(p.text(0)).isEqualTo("INVALID_COMMAND"));
            }
        }
        serverStillHealthy();
    }

    @Test
    void wrongArgumentCountGetsInvalidPacketAndIsClosed() {
        try (RawGearman bad = RawGearman.connect(server)) {
            byte[] body = "fn-without-separators".getBytes(StandardCharsets.US_ASCII);
            bad.writeRaw(ByteBuffer.allocate(12 + body.length).put(RawGearman.header(REQ, 7, body.length)).put(body)
                    .array());
            assertThat(bad.expectClosed()).singleElement()
                    .satisfies(p -> assertThat(p.text(0)).isEqualTo("INVALID_PACKET"));
        }
        try (RawGearman bad = RawGearman.connect(server)) {
            bad.writeRaw(ByteBuffer.allocate(15).put(RawGearman.header(REQ, 4, 3)).put(new byte[] {1, 2, 3})
                    .array()); // PRE_SLEEP takes no arguments
            assertThat(bad.expectClosed()).singleElement()
                    .satisfies(p -> assertThat(p.text(0)).isEqualTo("INVALID_PACKET"));
        }
        serverStillHealthy();
    }

    @Test
    void declaredSizeOverTheLimitGetsArgumentTooLargeBeforeAnyBodyIsSent() {
        try (RawGearman bad = RawGearman.connect(server)) {
            bad.writeRaw(RawGearman.header(REQ, 16, 1024 * 1024 + 1));
            assertThat(bad.expectClosed()).singleElement()
                    .satisfies(p -> assertThat(p.text(0)).isEqualTo("ARGUMENT_TOO_LARGE"));
        }
        try (RawGearman bad = RawGearman.connect(server)) {
            bad.writeRaw(RawGearman.header(REQ, 16, 0xffffffff)); // 4 GiB as unsigned, -1 as signed
            assertThat(bad.expectClosed()).singleElement()
                    .satisfies(p -> assertThat(p.text(0)).isEqualTo("ARGUMENT_TOO_LARGE"));
        }
        serverStillHealthy();
    }

    @Test
    void connectionClosedMidPacketIsForgottenAndItsJobsHandled() {
        try (RawGearman worker = RawGearman.connect(server).canDo("keep")) {
            worker.grab(); // holds the bystander's job
            byte[] submit = Packet.requestText(SUBMIT_JOB_BG, "keep", "", "partial").encode();
            worker.writeRaw(java.util.Arrays.copyOf(submit, submit.length - 3));
        } // closed mid-packet while holding a job: the job goes back to the queue
        try (RawGearman half = RawGearman.connect(server)) {
            half.writeRaw(new byte[] {0, 'R', 'E'}); // mid-header
        }
        // the close is on another connection than the next worker's GRAB: wait until the job is back in the queue
        AdminText.await(server.address(), "status", "keep\t1\t0\t0\n.\n");
        serverStillHealthy();
        assertThat(AdminText.oneList(server.address(), "show jobs")).isEqualTo(".\n");
    }

    @Test
    void overlongAdminLineIsClosed() throws IOException {
        try (RawGearman bad = RawGearman.connect(server)) {
            bad.writeRaw("x".repeat(20_000).getBytes(StandardCharsets.US_ASCII));
            bad.socket().setSoTimeout(10_000);
            byte[] reply = bad.socket().getInputStream().readAllBytes(); // until the server closes
            assertThat(new String(reply, StandardCharsets.US_ASCII)).startsWith("ERR ");
        }
        serverStillHealthy();
    }

    @Test
    void clientThatNeverReadsItsResponsesIsThrottledThenClosedWithoutBlockingOthers() throws Exception {
        // 1) an ECHO flood that is never read: its requests wait, others are served
        try (SocketChannel flood = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.address().port()))) {
            flood.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            flood.configureBlocking(false);
            ByteBuffer echo = ByteBuffer.wrap(Packet.request(ECHO_REQ, new byte[64 * 1024]).encode());
            long sent = 0;
            for (int i = 0; i < 2000 && sent < 8L * 1024 * 1024; i++) {
                if (!echo.hasRemaining()) {
                    echo.rewind(); // only whole packets: a partial write continues where it stopped
                }
                int n = flood.write(echo);
                sent += n;
                if (n == 0) {
                    bystander.sync(); // server is busy ignoring the flooder, not blocked by it
                }
            }
            bystander.sync();
            assertThat(workerLines()).as("the flooder is throttled, not closed").hasSize(3);
        }
        // 2) a listener that never reads while a worker streams WORK_DATA for its job: closed past the bound
        try (RawGearman deaf = RawGearman.connect(server); RawGearman worker = RawGearman.connect(server)) {
            deaf.socket().setReceiveBufferSize(4096);
            String handle = deaf.submit(SUBMIT_JOB, "stream", "s", "x");
            worker.canDo("stream");
            worker.grab();
            byte[] chunk = new byte[32 * 1024];
            for (int i = 0; i < 500; i++) {
                worker.send(Packet.request(WORK_DATA, RawGearman.utf8(handle), chunk));
            }
            worker.send(WORK_COMPLETE, handle, "end");
            worker.sync(); // the worker is never held up
            assertThat(workerLines()).hasSize(2 + 1); // bystander, worker, this admin connection: deaf is gone
        }
        serverStillHealthy();
    }

    private List<String> workerLines() {
        String workers = AdminText.oneList(server.address(), "workers");
        return workers.lines().filter(l -> !l.equals(".")).collect(Collectors.toList());
    }

    @Test
    void twoThousandConnectionsOpenedAndDroppedCostNoThreadAndLoseNoJob() throws IOException {
        int before = Thread.activeCount();
        for (int round = 0; round < 4; round++) {
            List<SocketChannel> open = new ArrayList<>();
            try {
                for (int i = 0; i < 500; i++) {
                    open.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", server.address().port())));
                }
                for (int i = 0; i < open.size(); i += 2) { // half of them say something before dropping
                    open.get(i).write(ByteBuffer.wrap(Packet.requestText(ECHO_REQ, "hi").encode()));
                }
                bystander.sync();
                if (round == 0) {
                    assertThat(Thread.activeCount()).isLessThan(before + 10);
                    assertThat(workerLines().size()).isGreaterThanOrEqualTo(500);
                }
            } finally {
                for (SocketChannel ch : open) {
                    ch.close();
                }
            }
        }
        bystander.sync();
        Set<String> remaining = Set.copyOf(workerLines());
        assertThat(remaining.size()).isLessThan(2000); // connections are forgotten once closed
        serverStillHealthy();
    }
}
