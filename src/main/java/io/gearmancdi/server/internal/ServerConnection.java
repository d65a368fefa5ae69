package io.gearmancdi.server.internal;

import io.gearmancdi.protocol.Magic;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketDecoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One accepted connection: its read buffer and decoder, its queue of bytes to write, and its state as a client
 * (jobs it listens to) and as a worker (abilities, jobs it holds). Used only by the selector thread.
 *
 * <p>Output is appended to small reusable chunks; a large packet gets a buffer of its own. Nothing is written to the
 * socket while packets are being processed: the loop flushes every connection with output once per iteration, so
 * a burst of pipelined requests is answered with one write.
 */
final class ServerConnection {
    static final int INITIAL_READ = 4096;
    static final int MAX_ADAPTIVE_READ = 64 * 1024;
    static final int CHUNK = 8192;
    private static final int MAX_GATHER = 64;

    final int id;
    final SocketChannel channel;
    final String host;
    final PacketDecoder decoder;
    SelectionKey key;
    ByteBuffer in = ByteBuffer.allocate(INITIAL_READ);
    /** Size of the frame being received, once its header is known; the read buffer grows to hold it. */
    int needed;

    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private ByteBuffer open;
    private ByteBuffer spare;
    long pending;
    boolean dirty;
    /** Output above the high-water mark: its requests wait in the read buffer until the peer reads. */
    boolean paused;
    /** To be closed at the end of this loop iteration (protocol error, output overflow). */
    boolean doomed;
    boolean closed;

    // client role
    boolean exceptions;
    String clientId = "-";
    Set<Job> listening;

    // worker role
    final Map<FunctionQueue, Long> abilities = new LinkedHashMap<>();
    boolean sleeping;
    final List<Job> assigned = new ArrayList<>(1);

    ServerConnection(int id, SocketChannel channel, String host, int maxPacketSize, boolean exceptions) {
        this.id = id;
        this.channel = channel;
        this.host = host;
        this.decoder = new PacketDecoder(Magic.REQ, maxPacketSize, true);
        this.exceptions = exceptions;
    }

    Set<Job> listening() {
        if (listening == null) {
            listening = new HashSet<>();
        }
        return listening;
    }

    /** Queues a packet; returns false if the connection is going away and the packet was dropped. */
    boolean enqueue(Packet packet) {
        if (doomed || closed) {
            return false;
        }
        int size = packet.encodedSize();
        if (open != null && open.remaining() >= size) {
            packet.writeTo(open);
        } else if (size > CHUNK / 2) {
            seal();
            ByteBuffer own = ByteBuffer.allocate(size);
            packet.writeTo(own);
            out.add(own.flip());
        } else {
            seal();
            open = spare != null ? spare : ByteBuffer.allocate(CHUNK);
            spare = null;
            packet.writeTo(open);
        }
        pending += size;
        return true;
    }

    /** Queues raw bytes (admin text replies). */
    boolean enqueue(byte[] bytes) {
        if (doomed || closed) {
            return false;
        }
        seal();
        out.add(ByteBuffer.wrap(bytes));
        pending += bytes.length;
        return true;
    }

    private void seal() {
        if (open != null) {
            out.add(open.flip());
            open = null;
        }
    }

    boolean hasOutput() {
        return pending > 0;
    }

    /**
     * Writes as much as the socket takes without blocking.
     *
     * @return true if everything was written
     */
    boolean flush() throws IOException {
        seal();
        ByteBuffer[] batch = new ByteBuffer[Math.min(MAX_GATHER, out.size())];
        while (!out.isEmpty()) {
            int n = 0;
            for (ByteBuffer b : out) {
                if (n == batch.length) {
                    break;
                }
                batch[n++] = b;
            }
            long written = n == 1 ? channel.write(batch[0]) : channel.write(batch, 0, n);
            pending -= written;
            while (!out.isEmpty() && !out.peekFirst().hasRemaining()) {
                ByteBuffer done = out.pollFirst();
                if (done.capacity() == CHUNK && spare == null) {
                    spare = done.clear();
                }
            }
            if (batch[n - 1].hasRemaining()) {
                return false; // the socket took less than offered: wait for OP_WRITE
            }
        }
        return true;
    }

    /** Releases buffers so that a closed connection holds no memory while it is being forgotten. */
    void releaseBuffers() {
        out.clear();
        open = null;
        spare = null;
        pending = 0;
        in = ByteBuffer.allocate(0);
    }

    @Override
    public String toString() {
        return "connection " + id + " from " + host;
    }
}
