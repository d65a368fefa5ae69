package io.gearmancdi.server.internal;

import io.gearmancdi.GearmanProtocolException;
import io.gearmancdi.protocol.Frame;
import io.gearmancdi.protocol.Magic;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.protocol.TextLine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The server's single selector thread: accepts connections, reads and decodes requests, hands them to the
 * {@link Engine}, runs timers and writes replies. No thread per connection: an idle connection costs a selection
 * key and a 4 KiB read buffer.
 *
 * <p><b>Back-pressure.</b> When a connection has more than {@link #HIGH_WATER} bytes of replies it has not read, its
 * further requests stay unprocessed in its read buffer (and the socket is not read) until it catches up. Replies that
 * other connections cause (job results it listens to) still queue; past {@code maxPendingOutput} the connection is
 * closed, so a peer that never reads cannot exhaust the heap.
 *
 * <p><b>Memory.</b> A read buffer grows with the bytes that actually arrive, never with the size a header declares, and
 * the buffers of all connections together stay within {@code maxBufferedInput}: a connection whose packet would take
 * more gets {@code ERROR MEMORY_ALLOCATION_FAILURE} and is closed.
 *
 * <p><b>Robustness.</b> A protocol violation, an I/O error or even a bug met while serving one connection closes that
 * connection only (after an ERROR where the protocol has one); the loop and every other connection go on. An
 * {@link Error} (out of memory above all) stops the loop: the port closes, the error is logged and kept for
 * {@link #failure()}, and whoever waits in {@link #awaitTermination} is released, so that nobody keeps a dead server.
 *
 * <p><b>Concurrency.</b> Everything but {@link #start()}, {@link #close()}, {@link #port()} and
 * {@link #awaitTermination} runs on the selector thread.
 */
public final class EventLoop implements Runnable {
    /** Unread reply bytes above which a connection's requests wait. */
    static final long HIGH_WATER = 1024 * 1024;
    private static final boolean[] NOT_EXPECTED = new boolean[PacketType.MAX_CODE + 1];

    static {
        for (int code = 1; code <= PacketType.MAX_CODE; code++) {
            PacketType type = null;
            try {
                type = PacketType.fromCode(code);
            } catch (GearmanProtocolException unused) {
                // code 5 is unused: gearmand answers it like the server-only types
            }
            NOT_EXPECTED[code] = type == null || type.direction() == PacketType.Direction.RESPONSE
                    || type == PacketType.SUBMIT_JOB_SCHED || type == PacketType.ALL_YOURS;
        }
    }

    private final ServerSettings settings;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final int port;
    /** Package-private for tests that need a task on the selector thread (scheduled before {@link #start()}). */
    final Timer.Queue timers = new Timer.Queue();
    private final Engine engine;
    private final AdminCommands admin;
    private final Map<Integer, ServerConnection> connections = new LinkedHashMap<>();
    private final List<ServerConnection> dirty = new ArrayList<>();
    private final List<ServerConnection> doomed = new ArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final long highWater;
    /** Bytes of read buffers beyond every connection's initial one: partly received packets. */
    private long bufferedInput;
    private volatile Throwable failure;
    private volatile boolean stopping;
    private boolean shutdownRequested;
    private Thread thread;
    private int nextId;

    /** Binds the listening socket (so that {@link #port()} is known) without starting the thread. */
    public EventLoop(ServerSettings settings) throws IOException {
        this.settings = settings;
        this.highWater = Math.min(HIGH_WATER, Math.max(1, settings.maxPendingOutput() / 2));
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(settings.host(), settings.port()), 1024);
            channel.configureBlocking(false);
            this.selector = Selector.open();
            channel.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        this.server = channel;
        this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        this.engine = new Engine(settings, this, timers);
        this.admin = new AdminCommands(engine, this);
    }

    /** @return the port actually bound */
    public int port() {
        return port;
    }

    /** Starts the selector thread (a daemon thread named after the port). */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this, "gearman-embedded-server-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the loop: every connection is dropped and every job is lost. Waits (bounded) for the thread to end. */
    public void close() {
        stopping = true;
        try {
            selector.wakeup();
        } catch (ClosedSelectorException ignored) {
            // already stopped
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            cleanup();
            terminated.countDown();
        } else if (t != Thread.currentThread()) {
            awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** @return whether the loop ended within the timeout */
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        try {
            return terminated.await(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the error that stopped the loop, or null */
    public Throwable failure() {
        return failure;
    }

    /** @return whether the loop has ended */
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    @Override
    public void run() {
        ServerMessages.listening(settings.host(), port);
        try {
            while (!stopping) {
                long wait = timers.millisToNext();
                if (wait < 0) {
                    selector.selectNow();
                } else {
                    selector.select(wait);
                }
                if (stopping) {
                    break;
                }
                var keys = selector.selectedKeys();
                for (SelectionKey key : keys) {
                    serve(key);
                }
                keys.clear();
                try {
                    timers.runDue();
                } catch (RuntimeException e) {
                    ServerMessages.timerFailed(e);
                }
                do {
                    flushDirty();
                    closeDoomed();
                } while (!dirty.isEmpty() || !doomed.isEmpty());
                if (shutdownRequested) {
                    ServerMessages.shutdownRequested();
                    stopping = true;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            ServerMessages.loopFailed(e);
        } catch (Error e) {
            // out of memory, or worse: the jobs are lost whatever we do; stop for good and say so, rather than keep a
            // port that accepts connections nobody serves
            failure = e;
            stopping = true;
            // let go of the jobs' memory before logging: the log record needs some
            connections.clear();
            dirty.clear();
            doomed.clear();
            engine.dropEverything();
            ServerMessages.loopDied(e);
        } finally {
            try {
                cleanup();
                ServerMessages.stopped(port);
            } finally {
                terminated.countDown();
            }
        }
    }

    private void serve(SelectionKey key) {
        Object attachment = key.attachment();
        if (attachment == null) {
            accept(key);
            return;
        }
        ServerConnection c = (ServerConnection) attachment;
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isWritable()) {
                flush(c);
            }
            if (!c.closed && key.isValid() && key.isReadable()) {
                read(c);
            }
        } catch (IOException | CancelledKeyException e) {
            close(c, e.getMessage());
        } catch (RuntimeException e) {
            ServerMessages.connectionFailed(c, e);
            close(c, "internal error");
        }
    }

    private void accept(SelectionKey key) {
        for (int i = 0; i < 256; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                // e.g. out of file descriptors: stop accepting for a moment instead of spinning
                ServerMessages.acceptFailed(e.getMessage());
                key.interestOps(0);
                timers.schedule(TimeUnit.MILLISECONDS.toNanos(100), () -> {
                    if (key.isValid()) {
                        key.interestOps(SelectionKey.OP_ACCEPT);
                    }
                });
                return;
            }
            if (ch == null) {
                return;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                String host = ((InetSocketAddress) ch.getRemoteAddress()).getAddress().getHostAddress();
                ServerConnection c = new ServerConnection(++nextId, ch, host, settings.maxPacketSize(),
                        settings.exceptions());
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                connections.put(c.id, c);
            } catch (IOException e) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the peer is already gone
                }
            }
        }
    }

    private void read(ServerConnection c) throws IOException {
        ByteBuffer in = c.in;
        int space = in.remaining();
        int n = c.channel.read(in);
        if (n < 0) {
            close(c, "closed by peer");
            return;
        }
        if (n == 0) {
            return;
        }
        process(c);
        if (n == space && c.in == in && !c.closed && in.capacity() < ServerConnection.MAX_ADAPTIVE_READ) {
            resize(c, in.capacity() * 2); // the peer sends faster than we read: read more at a time, if memory allows
        }
    }

    /** Decodes and runs every complete frame in the read buffer (which is in write mode before and after). */
    private void process(ServerConnection c) {
        ByteBuffer in = c.in.flip();
        int frameStart = in.position();
        try {
            while (in.hasRemaining() && !c.doomed && !c.closed) {
                if (c.pending > highWater) {
                    pause(c);
                    break;
                }
                frameStart = in.position();
                if (in.get(frameStart) == 0) {
                    if (in.remaining() < Packet.HEADER_SIZE) {
                        break;
                    }
                    int magic = in.getInt(frameStart);
                    long code = Integer.toUnsignedLong(in.getInt(frameStart + 4));
                    long size = Integer.toUnsignedLong(in.getInt(frameStart + 8));
                    if (magic != Magic.REQ.value()) {
                        fatal(c, "INVALID_MAGIC", magic == Magic.RES.value() ? "Request magic expected"
                                : String.format("Invalid magic 0x%08x", magic));
                        break;
                    }
                    if (code == 0 || code > PacketType.MAX_CODE) {
                        fatal(c, "INVALID_COMMAND", "Unknown packet type " + code);
                        break;
                    }
                    if (size > settings.maxPacketSize()) {
                        fatal(c, "ARGUMENT_TOO_LARGE", "Packet body of " + size + " bytes exceeds the limit of "
                                + settings.maxPacketSize());
                        break;
                    }
                    if (in.remaining() < Packet.HEADER_SIZE + size) {
                        c.needed = (int) (Packet.HEADER_SIZE + size); // an upper bound for growing, not an allocation
                        break;
                    }
                    if (NOT_EXPECTED[(int) code]) {
                        in.position(frameStart + Packet.HEADER_SIZE + (int) size);
                        c.needed = 0;
                        send(c, Packet.responseText(PacketType.ERROR, "INVALID_COMMAND", "Command not expected"));
                        continue;
                    }
                }
                Frame frame = c.decoder.decode(in);
                if (frame == null) {
                    break;
                }
                c.needed = 0;
                if (frame instanceof Packet packet) {
                    engine.handle(c, packet);
                } else {
                    byte[] reply = admin.run(c, ((TextLine) frame).text());
                    if (c.enqueue(reply)) {
                        markDirty(c);
                    }
                }
            }
        } catch (GearmanProtocolException e) {
            if (in.get(frameStart) == 0) {
                fatal(c, "INVALID_PACKET", e.getMessage());
            } else if (c.enqueue("ERR INVALID_ARGUMENTS Line+too+long\r\n".getBytes(StandardCharsets.US_ASCII))) {
                markDirty(c);
                doom(c, e.getMessage());
            }
        } finally {
            if (!c.closed) {
                in.compact();
                adjustReadBuffer(c);
            }
        }
    }

    /**
     * Called with the buffer in write mode after processing. A full buffer holds the start of one frame: it doubles,
     * but no further than the frame's declared size, so memory follows the bytes that arrive, not the header's claim.
     */
    private void adjustReadBuffer(ServerConnection c) {
        ByteBuffer in = c.in;
        if (in.position() == 0 && in.capacity() > ServerConnection.MAX_ADAPTIVE_READ) {
            resize(c, ServerConnection.INITIAL_READ); // done with a large packet: give memory back
        } else if (!in.hasRemaining() && !c.paused && !c.doomed) {
            // not paused, so every complete frame was processed: the buffer holds the start of one packet, or an
            // admin line longer than the buffer (the decoder bounds it)
            long doubled = 2L * in.capacity();
            int capacity = (int) (c.needed > in.capacity() ? Math.min(c.needed, doubled) : doubled);
            if (!resize(c, capacity)) {
                ServerMessages.inputBudgetExceeded(c, settings.maxBufferedInput());
                fatal(c, "MEMORY_ALLOCATION_FAILURE", "Server input buffers full: the packet cannot be received now");
            }
        }
    }

    /** Replaces the read buffer (in write mode) by one of {@code capacity} bytes; false if over the budget. */
    private boolean resize(ServerConnection c, int capacity) {
        long change = charge(capacity) - charge(c.in.capacity());
        if (change > 0 && bufferedInput + change > settings.maxBufferedInput()) {
            return false;
        }
        ByteBuffer replacement = ByteBuffer.allocate(capacity);
        c.in.flip();
        replacement.put(c.in);
        c.in = replacement;
        bufferedInput += change;
        return true;
    }

    /** What a read buffer counts against the budget: only what it holds beyond a connection's initial buffer. */
    private static long charge(int capacity) {
        return Math.max(0, capacity - ServerConnection.INITIAL_READ);
    }

    private void pause(ServerConnection c) {
        c.paused = true;
        c.key.interestOps(c.key.interestOps() & ~SelectionKey.OP_READ);
    }

    private void resume(ServerConnection c) {
        c.paused = false;
        c.key.interestOps(c.key.interestOps() | SelectionKey.OP_READ);
        if (c.in.position() > 0) {
            process(c);
        }
    }

    /** Sends an ERROR and closes the connection at the end of this loop iteration. */
    private void fatal(ServerConnection c, String code, String text) {
        send(c, Packet.responseText(PacketType.ERROR, code, text));
        doom(c, code + ": " + text);
    }

    private void doom(ServerConnection c, String reason) {
        if (!c.doomed && !c.closed) {
            c.doomed = true;
            doomed.add(c);
            // nothing more is read from it: its buffer's share of the budget is free at once, for the others
            bufferedInput -= charge(c.in.capacity());
            c.in = ByteBuffer.allocate(0);
            ServerMessages.closing(c, reason);
        }
    }

    /** Queues a packet for {@code c}; flushed at the end of the loop iteration. */
    void send(ServerConnection c, Packet packet) {
        if (c.enqueue(packet)) {
            markDirty(c);
            if (c.pending > settings.maxPendingOutput()) {
                doom(c, "more than " + settings.maxPendingOutput() + " bytes of replies not read");
            }
        }
    }

    private void markDirty(ServerConnection c) {
        if (!c.dirty) {
            c.dirty = true;
            dirty.add(c);
        }
    }

    private void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) { // resuming a paused connection may add more
            ServerConnection c = dirty.get(i);
            c.dirty = false;
            if (c.closed) {
                continue;
            }
            try {
                flush(c);
            } catch (IOException | CancelledKeyException e) {
                doom(c, "write failed: " + e.getMessage());
            } catch (RuntimeException e) {
                ServerMessages.connectionFailed(c, e);
                doom(c, "internal error");
            }
        }
        dirty.clear();
    }

    private void flush(ServerConnection c) throws IOException {
        boolean done = !c.hasOutput() || c.flush();
        if (c.key.isValid()) {
            int ops = c.key.interestOps();
            int wanted = done ? ops & ~SelectionKey.OP_WRITE : ops | SelectionKey.OP_WRITE;
            if (wanted != ops) {
                c.key.interestOps(wanted);
            }
        }
        if (c.paused && !c.doomed && c.pending < highWater / 2) {
            resume(c);
        }
    }

    private void closeDoomed() {
        if (doomed.isEmpty()) {
            return;
        }
        List<ServerConnection> now = new ArrayList<>(doomed);
        doomed.clear();
        for (ServerConnection c : now) {
            close(c, "closed by the server");
        }
    }

    private void close(ServerConnection c, String reason) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        connections.remove(c.id);
        if (c.key != null) {
            c.key.cancel();
        }
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // nothing more to do with this connection
        }
        try {
            engine.closed(c);
        } catch (RuntimeException e) {
            ServerMessages.cleanupFailed(c, e);
        }
        bufferedInput -= charge(c.in.capacity());
        c.releaseBuffers();
        ServerMessages.closed(c, reason);
    }

    /** The admin {@code shutdown} command: answer, then stop at the end of this iteration. */
    void shutdownAfterFlush() {
        shutdownRequested = true;
    }

    Collection<ServerConnection> connections() {
        return connections.values();
    }

    private void cleanup() {
        // the listener first: a client reconnecting meanwhile is refused at once instead of accepted and then reset
        try {
            server.close();
        } catch (IOException ignored) {
            // dropping everything
        }
        for (ServerConnection c : connections.values()) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // dropping everything
            }
        }
        connections.clear();
        timers.clear();
        try {
            selector.close();
        } catch (IOException ignored) {
            // dropping everything
        }
    }
}
