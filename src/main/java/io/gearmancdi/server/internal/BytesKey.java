package io.gearmancdi.server.internal;

import java.util.Arrays;

/**
 * A byte string used as a map key: a unique id, or (for unique {@code -}) the payload itself. The two live in
 * separate key spaces so that a unique never matches a payload.
 */
final class BytesKey {
    private final byte[] bytes;
    private final boolean payload;
    private final int hash;

    private BytesKey(byte[] bytes, boolean payload) {
        this.bytes = bytes;
        this.payload = payload;
        this.hash = Arrays.hashCode(bytes) * 31 + (payload ? 1 : 0);
    }

    static BytesKey unique(byte[] unique) {
        return new BytesKey(unique, false);
    }

    static BytesKey payload(byte[] data) {
        return new BytesKey(data, true);
    }

    boolean isPayload() {
        return payload;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BytesKey other && hash == other.hash && payload == other.payload
                && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
