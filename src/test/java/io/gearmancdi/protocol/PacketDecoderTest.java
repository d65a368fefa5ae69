package io.gearmancdi.protocol;

import io.gearmancdi.GearmanProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketDecoderTest {

    private static Packet sample(PacketType type, Magic magic) {
        byte[][] args = new byte[type.argumentCount()][];
        for (int i = 0; i < args.length; i++) {
            boolean last = i == args.length - 1;
            // the last argument carries NUL bytes and non-ASCII text: only it may
            args[i] = last && args.length > 1 ? new byte[] {'d', 0, 'a', 0, (byte) 0xc3, (byte) 0xa9}
                    : ("arg" + i + "-é").getBytes(StandardCharsets.UTF_8);
        }
        return Packet.of(magic, type, args);
    }

    private static Magic magicFor(PacketType type) {
        return type.direction() == PacketType.Direction.RESPONSE ? Magic.RES : Magic.REQ;
    }

    @ParameterizedTest
    @EnumSource(PacketType.class)
    void roundTripsEveryPacketType(PacketType type) {
        Magic magic = magicFor(type);
        Packet packet = sample(type, magic);
        PacketDecoder decoder = new PacketDecoder(magic, 1024, false);

        Frame decoded = decoder.decode(ByteBuffer.wrap(packet.encode()));

        assertThat(decoded).isEqualTo(packet);
        assertThat(((Packet) decoded).argumentCount()).isEqualTo(type.argumentCount());
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"WORK_STATUS", "WORK_COMPLETE", "WORK_FAIL", "WORK_EXCEPTION",
            "WORK_DATA", "WORK_WARNING"})
    void workPacketsTravelBothWays(PacketType type) {
        for (Magic magic : Magic.values()) {
            Packet packet = sample(type, magic);
            assertThat(new PacketDecoder(magic, 1024, false).decode(ByteBuffer.wrap(packet.encode())))
                    .isEqualTo(packet);
        }
    }

    @Test
    void headerLayoutMatchesTheProtocol() {
        Packet packet = Packet.requestText(PacketType.SUBMIT_JOB, "fn", "u1", "data");
        byte[] bytes = packet.encode();

        assertThat(Arrays.copyOf(bytes, 12)).containsExactly(0, 'R', 'E', 'Q', 0, 0, 0, 7, 0, 0, 0, 10);
        assertThat(new String(bytes, 12, 10, StandardCharsets.US_ASCII)).isEqualTo("fn\0u1\0data");
    }

    @Test
    void partialReadsYieldNothingUntilThePacketIsComplete() {
        Packet packet = Packet.responseText(PacketType.JOB_ASSIGN_UNIQ, "H:x:1", "fn", "u", "payload");
        byte[] bytes = packet.encode();
        PacketDecoder decoder = PacketDecoder.forResponses();
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length);

        for (int i = 0; i < bytes.length - 1; i++) {
            buffer.put(bytes[i]).flip();
            assertThat(decoder.decode(buffer)).as("after %d bytes", i + 1).isNull();
            assertThat(buffer.position()).isZero();
            buffer.position(buffer.limit()).limit(buffer.capacity());
        }
        buffer.put(bytes[bytes.length - 1]).flip();
        assertThat(decoder.decode(buffer)).isEqualTo(packet);
        assertThat(buffer.hasRemaining()).isFalse();
    }

    @Test
    void severalPacketsInOneReadAreDecodedInOrder() {
        List<Packet> packets = List.of(
                Packet.response(PacketType.NOOP),
                Packet.responseText(PacketType.JOB_CREATED, "H:x:1"),
                Packet.response(PacketType.WORK_COMPLETE, Packet.utf8("H:x:1"), new byte[0]),
                Packet.responseText(PacketType.STATUS_RES, "H:x:1", "1", "0", "3", "4"));
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        packets.forEach(p -> buffer.put(p.encode()));
        buffer.flip();

        PacketDecoder decoder = PacketDecoder.forResponses();
        List<Frame> out = new ArrayList<>();
        Frame f;
        while ((f = decoder.decode(buffer)) != null) {
            out.add(f);
        }

        assertThat(out).containsExactlyElementsOf(packets);
    }

    @Test
    void emptyBodiesAndEmptyArgumentsAreKept() {
        Packet packet = Packet.request(PacketType.SUBMIT_JOB, new byte[0], new byte[0], new byte[0]);
        assertThat(packet.bodySize()).isEqualTo(2);

        Packet decoded = (Packet) new PacketDecoder(Magic.REQ, 16, false).decode(ByteBuffer.wrap(packet.encode()));

        assertThat(decoded.text(0)).isEmpty();
        assertThat(decoded.text(1)).isEmpty();
        assertThat(decoded.data()).isEmpty();
    }

    @Test
    void nulBytesInTheLastArgumentAreData() {
        byte[] payload = {0, 0, 1, 0};
        Packet packet = Packet.response(PacketType.WORK_COMPLETE, Packet.utf8("H:x:9"), payload);

        Packet decoded = (Packet) PacketDecoder.forResponses().decode(ByteBuffer.wrap(packet.encode()));

        assertThat(decoded.text(0)).isEqualTo("H:x:9");
        assertThat(decoded.data()).containsExactly(payload);
    }

    @Test
    void badMagicIsRejected() {
        byte[] bytes = Packet.response(PacketType.NOOP).encode();
        bytes[1] = 'X';

        assertThatThrownBy(() -> PacketDecoder.forResponses().decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessageContaining("bad magic 0x00584553")
                .hasMessageContaining("at byte 0");
    }

    @Test
    void textWhereAPacketMustStartIsBadMagicOnAClient() {
        assertThatThrownBy(() -> PacketDecoder.forResponses()
                .decode(ByteBuffer.wrap("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessageContaining("bad magic: first byte 0x48");
    }

    @Test
    void wrongDirectionMagicIsRejected() {
        byte[] bytes = Packet.request(PacketType.GRAB_JOB).encode();

        assertThatThrownBy(() -> PacketDecoder.forResponses().decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessageContaining("GRAB_JOB carries magic REQ where RES was expected");
    }

    @Test
    void requestOnlyTypeWithResponseMagicIsRejected() {
        ByteBuffer bytes = ByteBuffer.allocate(12).putInt(Magic.RES.value()).putInt(PacketType.GRAB_JOB.code())
                .putInt(0).flip();

        assertThatThrownBy(() -> PacketDecoder.forResponses().decode(bytes))
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessageContaining("GRAB_JOB is not a valid response");
    }

    @Test
    void unknownPacketTypeIsRejected() {
        for (int code : new int[] {0, 5, 43, 0x7fffffff, -1}) {
            ByteBuffer bytes = ByteBuffer.allocate(12).putInt(Magic.RES.value()).putInt(code).putInt(0).flip();
            assertThatThrownBy(() -> PacketDecoder.forResponses().decode(bytes))
                    .isInstanceOf(GearmanProtocolException.class)
                    .hasMessageContaining("unknown packet type " + Integer.toUnsignedLong(code));
        }
    }

    @Test
    void wrongArgumentCountIsRejected() {
        // JOB_ASSIGN_UNIQ needs 3 separators; this body has only one
        byte[] body = "H:x:1\0fn".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer bytes = ByteBuffer.allocate(12 + body.length).putInt(Magic.RES.value())
                .putInt(PacketType.JOB_ASSIGN_UNIQ.code()).putInt(body.length).put(body).flip();

        assertThatThrownBy(() -> PacketDecoder.forResponses().decode(bytes))
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessageContaining("JOB_ASSIGN_UNIQ takes 4 arguments but its body has only 2");
    }

    @Test
    void bodyOnATypeWithoutArgumentsIsRejected() {
        ByteBuffer bytes = ByteBuffer.allocate(13).putInt(Magic.RES.value()).putInt(PacketType.NOOP.code())
                .putInt(1).put((byte) 'x').flip();

        assertThatThrownBy(() -> PacketDecoder.forResponses().decode(bytes))
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessageContaining("NOOP takes no arguments");
    }

    @Test
    void oversizedPayloadIsRejectedFromTheHeaderBeforeAllocating() {
        // only the header arrives: the declared size alone must be enough to refuse it
        ByteBuffer header = ByteBuffer.allocate(12).putInt(Magic.RES.value())
                .putInt(PacketType.WORK_COMPLETE.code()).putInt(0xffffffff).flip();

        assertThatThrownBy(() -> new PacketDecoder(Magic.RES, 1024, false).decode(header))
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessageContaining("declares a body of 4294967295 bytes, above the limit of 1024");
    }

    @Test
    void sizeAtTheLimitIsAccepted() {
        Packet packet = Packet.response(PacketType.ECHO_RES, new byte[1024]);
        assertThat(new PacketDecoder(Magic.RES, 1024, false).decode(ByteBuffer.wrap(packet.encode())))
                .isEqualTo(packet);
    }

    @Test
    void errorPositionCountsEarlierPackets() {
        byte[] good = Packet.response(PacketType.NOOP).encode();
        ByteBuffer buffer = ByteBuffer.allocate(24).put(good).putInt(0x00524553).putInt(99).putInt(0).flip();
        PacketDecoder decoder = PacketDecoder.forResponses();
        decoder.decode(buffer);

        assertThatThrownBy(() -> decoder.decode(buffer)).hasMessageContaining("at byte 12");
    }

    @Test
    void serverSideDecoderReadsAdminTextLinesBetweenPackets() {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        buffer.put("status\r\n".getBytes(StandardCharsets.US_ASCII));
        buffer.put(Packet.request(PacketType.PRE_SLEEP).encode());
        buffer.put("maxqueue fn 10\n".getBytes(StandardCharsets.US_ASCII));
        buffer.put("work".getBytes(StandardCharsets.US_ASCII)).flip();
        PacketDecoder decoder = new PacketDecoder(Magic.REQ, 1024, true);

        assertThat(decoder.decode(buffer)).isEqualTo(new TextLine("status"));
        assertThat(decoder.decode(buffer)).isEqualTo(Packet.request(PacketType.PRE_SLEEP));
        assertThat(decoder.decode(buffer)).isEqualTo(new TextLine("maxqueue fn 10"));
        assertThat(decoder.decode(buffer)).as("incomplete line").isNull();
    }

    @Test
    void overlongAdminLineIsRejected() {
        byte[] junk = new byte[PacketDecoder.MAX_TEXT_LINE + 10];
        Arrays.fill(junk, (byte) 'a');

        assertThatThrownBy(() -> new PacketDecoder(Magic.REQ, 1024, true).decode(ByteBuffer.wrap(junk)))
                .isInstanceOf(GearmanProtocolException.class)
                .hasMessageContaining("admin text line longer than");
    }

    @Test
    void encoderRefusesWhatWouldDesynchroniseTheStream() {
        assertThatThrownBy(() -> Packet.requestText(PacketType.SUBMIT_JOB, "fn", "data"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 3 arguments, got 2");
        assertThatThrownBy(() -> Packet.requestText(PacketType.SUBMIT_JOB, "f\0n", "u", "data"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argument 0 contains a NUL byte");
        assertThatThrownBy(() -> Packet.request(PacketType.NOOP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be sent with magic REQ");
    }

    @Test
    void numbersAreDecimalText() {
        Packet status = Packet.responseText(PacketType.STATUS_RES, "H:x:1", "1", "1", "42", "100");
        assertThat(status.number(3)).isEqualTo(42);
        assertThat(status.number(4)).isEqualTo(100);
        Packet bad = Packet.responseText(PacketType.STATUS_RES, "H:x:1", "1", "1", "4x", "100");
        assertThatThrownBy(() -> bad.number(3)).isInstanceOf(GearmanProtocolException.class)
                .hasMessageContaining("not a number: '4x'");
    }

    @Test
    void toStringNeverShowsThePayload() {
        Packet packet = Packet.requestText(PacketType.SUBMIT_JOB, "fn", "u", "secret");
        assertThat(packet.toString()).isEqualTo("SUBMIT_JOB[fn, u, 6 bytes]");
    }
}
