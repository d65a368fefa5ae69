package io.gearmancdi.server.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A function name with its three FIFO queues, registered workers and coalescing table. Selector thread only. */
final class FunctionQueue {
    final String name;
    final byte[] nameBytes;
    @SuppressWarnings("unchecked")
    final ArrayDeque<Job>[] queues = new ArrayDeque[] {new ArrayDeque<Job>(), new ArrayDeque<Job>(),
            new ArrayDeque<Job>()};
    final Set<ServerConnection> workers = new LinkedHashSet<>();
    /** Workers that said PRE_SLEEP and have not been woken since; may hold stale entries, checked by flag. */
    final Set<ServerConnection> sleepers = new LinkedHashSet<>();
    final Map<BytesKey, Job> uniques = new HashMap<>();
    final int[] maxQueue;
    /** Every job of this function: queued, delayed, running, and abandoned ones not purged yet. */
    int total;
    int running;
    int delayed;

    FunctionQueue(String name, int[] maxQueue) {
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.ISO_8859_1);
        this.maxQueue = maxQueue.clone();
    }
}
