package io.gearmancdi.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gearmancdi.GearmanProtocolException;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Fuzz target of the packet decoder (issue 10, chaos suite): arbitrary bytes, in arbitrary chunks, fed to a
 * {@link PacketDecoder} the way a connection feeds it. The only allowed outcomes are frames and a
 * {@link GearmanProtocolException}; anything else is a finding:
 * <ul>
 *   <li>any other exception or error;</li>
 *   <li>a {@code null} ("need more bytes") with a buffer that already holds a whole frame's worth: the caller would
 *       buffer without bound;</li>
 *   <li>{@code null} that moved the buffer, or a frame that consumed nothing;</li>
 *   <li>a packet that does not encode back to exactly the bytes it was decoded from.</li>
 * </ul>
 *
 * <p>Input: byte 0 chooses the decoder (bit 0: server side, request magic and admin text lines; else client side,
 * response magic) and the body limit (bits 1-2: 0, 16, 1024 or 65536 bytes); byte 1 the chunking (chunk {@code i} has
 * {@code 1 + (byte1 * (i + 1)) % 257} bytes, so 0 means one byte at a time); the rest is the stream, at most
 * {@value #MAX_INPUT} bytes. Seeds: {@code src/test/resources/io/gearmancdi/protocol/PacketDecoderFuzzTestInputs/}.
 *
 * <p>Without {@code JAZZER_FUZZ} (every {@code mvn test}) both methods only replay their seeds. Fuzzing:
 * <pre>
 * JAZZER_FUZZ=1 mvn -o test -Dtest='PacketDecoderFuzzTest#ciRun'    # CI: fuzzes 20 s
 * JAZZER_FUZZ=1 mvn -o test -Dtest='PacketDecoderFuzzTest#longRun'  # chaos: fuzzes 30 min
 * </pre>
 * Jazzer fuzzes one method per JVM; findings land in the inputs directory above (keep them as seeds once fixed).
 */
class PacketDecoderFuzzTest {
    static final int MAX_INPUT = 256 * 1024;
    private static final int[] LIMITS = {0, 16, 1024, 65536};

    /** The short run of CI (and the seed replay of every build). */
    @FuzzTest(maxDuration = "20s")
    void ciRun(byte[] input) {
        check(input);
    }

    /** The long run of the chaos suite. */
    @FuzzTest(maxDuration = "30m")
    void longRun(byte[] input) {
        check(input);
    }

    static void check(byte[] input) {
        if (input.length < 2 || input.length > MAX_INPUT) {
            return;
        }
        boolean server = (input[0] & 1) != 0;
        int limit = LIMITS[(input[0] >> 1) & 3];
        int chunking = input[1] & 0xFF;
        byte[] stream = Arrays.copyOfRange(input, 2, input.length);
        PacketDecoder decoder = new PacketDecoder(server ? Magic.REQ : Magic.RES, limit, server);
        // what a connection may have to hold before the decoder must decide: one whole frame
        int mostBuffered = Math.max(Packet.HEADER_SIZE + limit, PacketDecoder.MAX_TEXT_LINE + 1);
        ByteBuffer buffer = ByteBuffer.allocate(stream.length).flip();
        int fed = 0;
        for (int i = 0; fed < stream.length; i++) {
            int chunk = Math.min(stream.length - fed, 1 + chunking * (i + 1) % 257);
            buffer.compact().put(stream, fed, chunk).flip();
            fed += chunk;
            try {
                drain(decoder, buffer, mostBuffered);
            } catch (GearmanProtocolException expected) {
                return; // the allowed failure: the connection closes
            }
        }
    }

    private static void drain(PacketDecoder decoder, ByteBuffer buffer, int mostBuffered) {
        while (true) {
            int before = buffer.position();
            int remaining = buffer.remaining();
            Frame frame = decoder.decode(buffer);
            if (frame == null) {
                if (buffer.position() != before || buffer.remaining() != remaining) {
                    throw new AssertionError("null moved the buffer from " + before + " to " + buffer.position());
                }
                if (remaining >= mostBuffered) {
                    throw new AssertionError("still undecided after " + remaining + " bytes: unbounded buffering");
                }
                return;
            }
            int consumed = buffer.position() - before;
            if (consumed <= 0) {
                throw new AssertionError(frame + " consumed " + consumed + " bytes");
            }
            if (frame instanceof Packet packet) {
                byte[] original = new byte[consumed];
                buffer.get(before, original, 0, consumed);
                if (!Arrays.equals(packet.encode(), original)) {
                    throw new AssertionError(packet + " does not encode back to the " + consumed
                            + " bytes it came from");
                }
            }
        }
    }
}
