package io.gearmancdi.protocol;

import io.gearmancdi.GearmanProtocolException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Incremental decoder of Gearman frames from a byte buffer that fills up over several reads.
 *
 * <p>Call {@link #decode(ByteBuffer)} with a buffer in read mode: it consumes one complete frame and returns it, or
 * returns {@code null} and leaves the buffer untouched when the frame is not complete yet. Nothing from the wire is
 * trusted: the magic, the type, the declared size (checked against {@link #maxBodySize()} before anything is
 * allocated) and the number of argument separators are checked, and any violation is a
 * {@link GearmanProtocolException} saying what was wrong and at which byte of the stream. After such an exception the
 * stream is out of step and the connection must be closed.
 *
 * <p>Not thread-safe: one decoder per connection, used by its single reader.
 */
public final class PacketDecoder {
    /** Default limit of a packet body: 64 MiB. gearmand keeps every queued payload in memory. */
    public static final int DEFAULT_MAX_BODY_SIZE = 64 * 1024 * 1024;
    /** Longest admin text line accepted. */
    public static final int MAX_TEXT_LINE = 8192;

    private final Magic expectedMagic;
    private final int maxBodySize;
    private final boolean acceptText;
    private long offset;
    private java.util.Set<PacketType> skippable = java.util.Set.of();
    private long skipRemaining; // bytes of an oversized body still to discard

    /**
     * @param expectedMagic {@link Magic#RES} on a client or worker, {@link Magic#REQ} on a server
     * @param maxBodySize   largest body accepted, in bytes
     * @param acceptText    whether admin text lines may appear (true on a server)
     */
    public PacketDecoder(Magic expectedMagic, int maxBodySize, boolean acceptText) {
        if (maxBodySize < 0) {
            throw new IllegalArgumentException("maxBodySize must not be negative: " + maxBodySize);
        }
        this.expectedMagic = expectedMagic;
        this.maxBodySize = maxBodySize;
        this.acceptText = acceptText;
    }

    /** A decoder for what a server sends (client and worker side), with the default size limit. */
    public static PacketDecoder forResponses() {
        return new PacketDecoder(Magic.RES, DEFAULT_MAX_BODY_SIZE, false);
    }

    /** Longest run of leading arguments read from an oversized packet that is being skipped. */
    public static final int MAX_LEADING_ARGUMENTS = 8192;

    /**
     * Makes packets of these types that are over the size limit skippable instead of fatal: {@link #decode} reads their
     * leading arguments (all but the last; at most {@link #MAX_LEADING_ARGUMENTS} bytes), throws an
     * {@link OversizedPacketException} carrying them, and from then on discards the rest of the body as it arrives,
     * without allocating it. A worker uses this to fail a job too big for it instead of dropping the connection (the
     * server would hand the job to the next worker, forever).
     */
    public void skipOversized(java.util.Set<PacketType> types) {
        this.skippable = java.util.Set.copyOf(types);
    }

    /** @return the largest body this decoder accepts */
    public int maxBodySize() {
        return maxBodySize;
    }

    /**
     * Decodes the next frame.
     *
     * @param buffer bytes received so far, in read mode
     * @return the frame, or {@code null} if more bytes are needed
     * @throws GearmanProtocolException if the bytes cannot be a valid frame
     */
    public Frame decode(ByteBuffer buffer) {
        if (skipRemaining > 0) {
            int n = (int) Math.min(buffer.remaining(), skipRemaining);
            buffer.position(buffer.position() + n);
            skipRemaining -= n;
            offset += n;
            if (skipRemaining > 0) {
                return null;
            }
        }
        if (!buffer.hasRemaining()) {
            return null;
        }
        int start = buffer.position();
        if (buffer.get(start) != 0) {
            if (!acceptText) {
                throw error("bad magic: first byte 0x" + Integer.toHexString(buffer.get(start) & 0xff)
                        + " where a packet must start with 0x00");
            }
            return decodeText(buffer, start);
        }
        if (buffer.remaining() < Packet.HEADER_SIZE) {
            return null;
        }
        int magicValue = buffer.getInt(start);
        Magic magic = Magic.fromValue(magicValue);
        if (magic == null) {
            throw error(String.format("bad magic 0x%08x", magicValue));
        }
        long code = Integer.toUnsignedLong(buffer.getInt(start + 4));
        PacketType type;
        try {
            type = PacketType.fromCode(code);
        } catch (GearmanProtocolException e) {
            throw error("unknown packet type " + code);
        }
        if (magic != expectedMagic) {
            throw error(type + " carries magic " + magic + " where " + expectedMagic + " was expected");
        }
        if (!type.allows(magic)) {
            throw error(type + " is not a valid " + (magic == Magic.REQ ? "request" : "response"));
        }
        long size = Integer.toUnsignedLong(buffer.getInt(start + 8));
        if (size > maxBodySize) {
            if (skippable.contains(type)) {
                return skipLeading(buffer, start, type, size); // null while the leading arguments are incomplete
            }
            throw error(type + " declares a body of " + size + " bytes, above the limit of " + maxBodySize);
        }
        if (buffer.remaining() < Packet.HEADER_SIZE + size) {
            return null;
        }
        byte[][] arguments = split(buffer, start + Packet.HEADER_SIZE, (int) size, type);
        buffer.position(start + Packet.HEADER_SIZE + (int) size);
        offset += Packet.HEADER_SIZE + size;
        return Packet.decoded(magic, type, arguments);
    }

    /** Reads the leading arguments of an oversized packet, starts discarding its body and throws. */
    private Frame skipLeading(ByteBuffer buffer, int start, PacketType type, long size) {
        int leading = type.argumentCount() - 1;
        int bodyStart = start + Packet.HEADER_SIZE;
        int scanEnd = (int) Math.min(buffer.limit(), bodyStart + Math.min(size, MAX_LEADING_ARGUMENTS));
        byte[][] arguments = new byte[Math.max(0, leading)][];
        int from = bodyStart;
        for (int i = 0; i < leading; i++) {
            int nul = from;
            while (nul < scanEnd && buffer.get(nul) != 0) {
                nul++;
            }
            if (nul == scanEnd) {
                if (scanEnd - bodyStart >= Math.min(size, MAX_LEADING_ARGUMENTS)) {
                    throw error(type + " declares a body of " + size + " bytes, above the limit of " + maxBodySize
                            + ", and its first " + (leading) + " arguments do not end within "
                            + MAX_LEADING_ARGUMENTS + " bytes");
                }
                return null; // more bytes needed
            }
            arguments[i] = copy(buffer, from, nul - from);
            from = nul + 1;
        }
        long consumed = from - start;
        buffer.position(from);
        offset += consumed;
        skipRemaining = Packet.HEADER_SIZE + size - consumed;
        throw new OversizedPacketException(type, size, maxBodySize, arguments);
    }

    private byte[][] split(ByteBuffer buffer, int bodyStart, int size, PacketType type) {
        int count = type.argumentCount();
        byte[][] arguments = new byte[count][];
        if (count == 0) {
            if (size != 0) {
                throw error(type + " takes no arguments but has a body of " + size + " bytes");
            }
            return arguments;
        }
        int end = bodyStart + size;
        int from = bodyStart;
        for (int i = 0; i < count - 1; i++) {
            int nul = from;
            while (nul < end && buffer.get(nul) != 0) {
                nul++;
            }
            if (nul == end) {
                throw error(type + " takes " + count + " arguments but its body has only " + (i + 1));
            }
            arguments[i] = copy(buffer, from, nul - from);
            from = nul + 1;
        }
        arguments[count - 1] = copy(buffer, from, end - from);
        return arguments;
    }

    private static byte[] copy(ByteBuffer buffer, int from, int length) {
        byte[] bytes = new byte[length];
        buffer.get(from, bytes, 0, length);
        return bytes;
    }

    private Frame decodeText(ByteBuffer buffer, int start) {
        int limit = buffer.limit();
        for (int i = start; i < limit; i++) {
            if (buffer.get(i) == '\n') {
                int end = i > start && buffer.get(i - 1) == '\r' ? i - 1 : i;
                byte[] line = copy(buffer, start, end - start);
                buffer.position(i + 1);
                offset += i + 1 - start;
                return new TextLine(new String(line, StandardCharsets.UTF_8));
            }
            if (i - start >= MAX_TEXT_LINE) {
                break;
            }
        }
        if (limit - start > MAX_TEXT_LINE) {
            throw error("admin text line longer than " + MAX_TEXT_LINE + " bytes");
        }
        return null;
    }

    private GearmanProtocolException error(String what) {
        return new GearmanProtocolException(what + " (at byte " + offset + " of the stream)");
    }
}
