package io.gearmancdi.protocol;

import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.ServerAddress;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blocking TCP connection to one Gearman server that sends request packets and reads response packets.
 *
 * <p><b>Concurrency.</b> Any number of threads may {@linkplain #send send}: writes are serialised by a lock, and each
 * packet reaches the socket whole. Exactly one thread may {@linkplain #read read}: the decoder keeps state between
 * reads. {@link #close()} may be called from any thread and makes a blocked reader fail with an
 * {@link IOException}.
 *
 * <p><b>Deferred flushes.</b> The reading thread may {@linkplain #sendDeferred send without flushing}, typically from
 * code that reacts to a packet it has just read (a client submitting the next job when one completes): those packets
 * stay in the write buffer until {@link #read()} has consumed every packet already received and is about to block, or
 * until any other send flushes. Replies that arrive in one TCP segment then cause one write instead of one per packet.
 */
public final class PacketConnection implements AutoCloseable {
    private static final int INITIAL_BUFFER = 64 * 1024;

    private final ServerAddress address;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final PacketDecoder decoder;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final byte[] header = new byte[Packet.HEADER_SIZE]; // guarded by writeLock
    private ByteBuffer readBuffer = ByteBuffer.allocate(INITIAL_BUFFER).flip();
    private volatile boolean flushPending; // written under writeLock
    private volatile boolean closed;

    private PacketConnection(ServerAddress address, Socket socket, int maxBodySize) throws IOException {
        this.address = address;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), INITIAL_BUFFER);
        this.decoder = new PacketDecoder(Magic.RES, maxBodySize, false);
    }

    /**
     * Opens a connection.
     *
     * @param connectTimeout how long to wait for the TCP connection
     * @param maxBodySize    the largest response body accepted
     * @throws GearmanConnectionException if the server cannot be reached
     */
    public static PacketConnection open(ServerAddress address, Duration connectTimeout, int maxBodySize) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(address.host(), address.port()),
                    (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())));
            return new PacketConnection(address, socket, maxBodySize);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new GearmanConnectionException("cannot connect to gearman server " + address + ": " + e.getMessage(),
                    e);
        }
    }

    /** @return the server this connection goes to */
    public ServerAddress address() {
        return address;
    }

    /** Sends one packet and flushes it (with any packets {@linkplain #sendDeferred deferred} before it). */
    public void send(Packet packet) throws IOException {
        writeLock.lock();
        try {
            writeUnlocked(packet);
            flushUnlocked();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Buffers one packet without flushing it; only for the thread that {@linkplain #read reads}. The packet goes out
     * when that thread's next {@link #read()} would block, or with the next flushing send of any thread, whichever
     * comes first (or earlier, when the write buffer fills up).
     *
     * @throws IOException if the connection is closed, or the buffer was full and writing it failed
     */
    public void sendDeferred(Packet packet) throws IOException {
        writeLock.lock();
        try {
            writeUnlocked(packet);
            flushPending = true;
        } finally {
            writeLock.unlock();
        }
    }

    private void flushUnlocked() throws IOException {
        out.flush();
        flushPending = false;
    }

    /** Flushes what {@link #sendDeferred} left in the buffer, if anything. */
    private void flushDeferred() throws IOException {
        if (flushPending) {
            writeLock.lock();
            try {
                if (flushPending) {
                    flushUnlocked();
                }
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Sends several packets with one flush, keeping their order. */
    public void sendAll(List<Packet> packets) throws IOException {
        writeLock.lock();
        try {
            for (Packet packet : packets) {
                writeUnlocked(packet);
            }
            flushUnlocked();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code action} while holding the write lock, so that what it sends and what it records (for example an
     * entry in a queue of requests awaiting replies) happen in the same order for every thread.
     */
    public void sendLocked(Packet packet, Runnable beforeSend) throws IOException {
        writeLock.lock();
        try {
            beforeSend.run();
            writeUnlocked(packet);
            flushUnlocked();
        } finally {
            writeLock.unlock();
        }
    }

    private void writeUnlocked(Packet packet) throws IOException {
        if (closed) {
            throw new IOException("connection to " + address + " is closed");
        }
        // header and arguments straight into the buffered stream: no intermediate copy of the packet per send
        putInt(header, 0, packet.magic().value());
        putInt(header, 4, packet.type().code());
        putInt(header, 8, packet.bodySize());
        out.write(header);
        for (int i = 0; i < packet.argumentCount(); i++) {
            if (i > 0) {
                out.write(0);
            }
            out.write(packet.argument(i));
        }
    }

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    /**
     * Reads the next packet, blocking until it is complete. Before it blocks, packets {@linkplain #sendDeferred
     * deferred} by this thread are flushed.
     *
     * @throws EOFException                                if the server closed the connection
     * @throws SocketTimeoutException                      if a read timeout is set and expires
     * @throws io.gearmancdi.GearmanProtocolException if the server sent something that is not a valid response
     * @throws OversizedPacketException                for a packet over the limit that {@link #skipOversized} allows
     *                                                 to skip; the next read goes on after it
     */
    public Packet read() throws IOException {
        while (true) {
            Frame frame = decoder.decode(readBuffer);
            if (frame != null) {
                shrinkIfLarge();
                return (Packet) frame;
            }
            flushDeferred();
            fill();
        }
    }

    /**
     * Makes over-limit packets of these types skippable: {@link #read()} throws an {@link OversizedPacketException}
     * with their leading arguments and discards their bodies without allocating them; the connection stays usable.
     * Only for the reading thread, before or between reads.
     */
    public void skipOversized(java.util.Set<PacketType> types) {
        decoder.skipOversized(types);
    }

    /** Sets how long {@link #read()} may block; zero waits forever. */
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private void fill() throws IOException {
        readBuffer.compact();
        int n;
        try {
            if (!readBuffer.hasRemaining()) {
                grow();
            }
            n = in.read(readBuffer.array(), readBuffer.arrayOffset() + readBuffer.position(), readBuffer.remaining());
        } catch (IOException | RuntimeException e) {
            // back to read mode, so that a read after a SocketTimeoutException (the worker's poll wait) resumes with
            // the bytes already received instead of a buffer left in write mode
            readBuffer.flip();
            throw e;
        }
        if (n < 0) {
            readBuffer.flip();
            throw new EOFException("gearman server " + address + " closed the connection");
        }
        readBuffer.position(readBuffer.position() + n);
        readBuffer.flip();
    }

    /**
     * The buffer is full and holds the start of one incomplete packet (a complete one would have been decoded), whose
     * declared size the decoder has already checked against the limit. Grows with the bytes that actually arrive,
     * doubling, but never beyond one maximal packet: a packet of exactly the limit fits, and a header alone allocates
     * nothing.
     */
    private void grow() {
        long largestPacket = (long) decoder.maxBodySize() + Packet.HEADER_SIZE;
        int capacity = (int) Math.min(Math.min(largestPacket, 2L * readBuffer.capacity()), Integer.MAX_VALUE - 8);
        if (capacity <= readBuffer.capacity()) {
            throw new IllegalStateException("read buffer full at " + readBuffer.capacity()
                    + " bytes, which holds any packet the decoder accepts");
        }
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        readBuffer.flip();
        bigger.put(readBuffer);
        readBuffer = bigger;
    }

    /** After a large packet, gives the memory back once what is left fits the initial buffer. */
    private void shrinkIfLarge() {
        if (readBuffer.capacity() > INITIAL_BUFFER && readBuffer.remaining() <= INITIAL_BUFFER / 2) {
            ByteBuffer small = ByteBuffer.allocate(INITIAL_BUFFER);
            small.put(readBuffer);
            readBuffer = small.flip();
        }
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the socket; a blocked reader fails. Idempotent. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with the error
        }
    }

    @Override
    public String toString() {
        return "PacketConnection[" + address + "]";
    }
}
