package io.gearmancdi.protocol;

import io.gearmancdi.GearmanProtocolException;

import java.nio.charset.StandardCharsets;

/**
 * A packet whose body is above the decoder's size limit, of a type the decoder was told to
 * {@linkplain PacketDecoder#skipOversized skip}: its leading arguments (a job handle, a function name, ...) were read,
 * and the rest of its body is discarded as it arrives, without being allocated. Unlike other
 * {@link GearmanProtocolException}s the stream stays in step: the next read returns the packet after this one.
 */
public final class OversizedPacketException extends GearmanProtocolException {
    private final transient PacketType type;
    private final long bodySize;
    private final int limit;
    private final transient byte[][] leadingArguments;

    OversizedPacketException(PacketType type, long bodySize, int limit, byte[][] leadingArguments) {
        super(type + " declares a body of " + bodySize + " bytes, above the limit of " + limit + "; skipped");
        this.type = type;
        this.bodySize = bodySize;
        this.limit = limit;
        this.leadingArguments = leadingArguments;
    }

    /** @return the packet's type */
    public PacketType type() {
        return type;
    }

    /** @return the body size the packet declared */
    public long bodySize() {
        return bodySize;
    }

    /** @return the limit it broke */
    public int limit() {
        return limit;
    }

    /** @return how many leading arguments were read: all but the last, which is the skipped payload */
    public int leadingArgumentCount() {
        return leadingArguments.length;
    }

    /** @return leading argument {@code i} as raw bytes (not a copy) */
    public byte[] leadingArgument(int i) {
        return leadingArguments[i];
    }

    /** @return leading argument {@code i} as UTF-8 text */
    public String leadingText(int i) {
        return new String(leadingArguments[i], StandardCharsets.UTF_8);
    }
}
