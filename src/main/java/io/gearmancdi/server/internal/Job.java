package io.gearmancdi.server.internal;

import java.util.ArrayList;
import java.util.List;

/** One job held by the server, from submission until it ends. Used only by the selector thread. */
final class Job {
    static final int HIGH = 0;
    static final int NORMAL = 1;
    static final int LOW = 2;
    /**
     * Memory a job takes besides its byte arrays: this object, its handle, its entries in the job, queue and unique
     * tables. Measured roughly (a flood of 1 KiB jobs took about 1.4 KiB each), rounded up.
     */
    static final int OVERHEAD = 384;

    final String handle;
    final byte[] handleBytes;
    final FunctionQueue function;
    final byte[] unique;
    /** Key under which the job is found for coalescing, or null if it never coalesces (empty unique). */
    BytesKey uniqueKey;
    final byte[] reducer;
    final byte[] data;
    final int priority;
    final boolean background;
    /** Global submission order: FIFO within a priority across functions. */
    final long sequence;
    /** What the job counts against the server's {@code maxQueueBytes}. */
    final long footprint;

    /** Foreground submissions attached to the job; a connection appears once per submission. */
    final List<ServerConnection> listeners = new ArrayList<>(1);
    ServerConnection worker;
    long numerator;
    long denominator;
    int retries;
    /** Abandoned (last client left, or cancelled): dropped when it reaches the head of its queue. */
    boolean ignored;
    /** Epoch job not yet due. */
    boolean delayed;
    /** CAN_DO_TIMEOUT timer of the current attempt. */
    Timer timeout;

    Job(String handle, FunctionQueue function, byte[] unique, byte[] reducer, byte[] data, int priority,
        boolean background, long sequence) {
        this.handle = handle;
        this.handleBytes = handle.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        this.function = function;
        this.unique = unique;
        this.reducer = reducer;
        this.data = data;
        this.priority = priority;
        this.background = background;
        this.sequence = sequence;
        this.footprint = footprint(unique, reducer, data);
    }

    static long footprint(byte[] unique, byte[] reducer, byte[] data) {
        return OVERHEAD + (long) unique.length + reducer.length + data.length;
    }

    boolean isRunning() {
        return worker != null;
    }
}
