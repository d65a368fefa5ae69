package io.gearmancdi.protocol;

import io.gearmancdi.GearmanProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10 item 12: an over-limit job assignment is skipped in step, its payload never allocated. */
class OversizedPacketSkipTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void issue10item12_oversizedAssignmentYieldsItsLeadingArgumentsThenTheStreamGoesOnInStep() {
        byte[] payload = new byte[100_000];
        Arrays.fill(payload, (byte) 'x');
        byte[] big = Packet.response(PacketType.JOB_ASSIGN_UNIQ, utf8("H:1"), utf8("fn"), utf8("u"), payload).encode();
        byte[] next = Packet.response(PacketType.NO_JOB).encode();
        byte[] stream = new byte[big.length + next.length];
        System.arraycopy(big, 0, stream, 0, big.length);
        System.arraycopy(next, 0, stream, big.length, next.length);

        PacketDecoder decoder = new PacketDecoder(Magic.RES, 1024, false);
        decoder.skipOversized(Set.of(PacketType.JOB_ASSIGN_UNIQ));
        ByteBuffer buffer = ByteBuffer.allocate(4096).flip();
        OversizedPacketException skipped = null;
        Frame after = null;
        int fed = 0;
        while (after == null) {
            // feed in small chunks, as a socket would
            buffer.compact();
            int n = Math.min(buffer.remaining(), Math.min(777, stream.length - fed));
            buffer.put(stream, fed, n);
            fed += n;
            buffer.flip();
            try {
                after = decoder.decode(buffer);
            } catch (OversizedPacketException e) {
                assertThat(skipped).as("thrown once").isNull();
                skipped = e;
            }
            assertThat(buffer.capacity()).isEqualTo(4096);
        }

        assertThat(skipped).isNotNull();
        assertThat(skipped.type()).isEqualTo(PacketType.JOB_ASSIGN_UNIQ);
        assertThat(skipped.leadingArgumentCount()).isEqualTo(3);
        assertThat(skipped.leadingText(0)).isEqualTo("H:1");
        assertThat(skipped.leadingText(1)).isEqualTo("fn");
        assertThat(skipped.leadingText(2)).isEqualTo("u");
        assertThat(skipped.bodySize()).isEqualTo(big.length - Packet.HEADER_SIZE);
        assertThat(skipped.limit()).isEqualTo(1024);
        assertThat(((Packet) after).type()).isEqualTo(PacketType.NO_JOB);
    }

    @Test
    void otherOversizedPacketsStayFatal() {
        PacketDecoder decoder = new PacketDecoder(Magic.RES, 16, false);
        decoder.skipOversized(Set.of(PacketType.JOB_ASSIGN_UNIQ));
        ByteBuffer buffer = ByteBuffer.wrap(Packet.response(PacketType.WORK_COMPLETE, utf8("H:1"),
                new byte[64]).encode());

        assertThatThrownBy(() -> decoder.decode(buffer)).isInstanceOf(GearmanProtocolException.class)
                .isNotInstanceOf(OversizedPacketException.class).hasMessageContaining("above the limit of 16");
    }
}
