package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.Frame;
import io.gearmancdi.protocol.Magic;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketDecoder;
import io.gearmancdi.protocol.PacketType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket server that a test scripts packet by packet, to check a worker's exact wire behaviour and to feed it bad
 * input (malformed, oversized, unexpected packets) that a real server never sends. Not a stand-in for gearmand: the
 * test decides every reply.
 */
public final class ScriptedServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Peer> peers = new ArrayList<>();

    /** Listens on a free loopback port. */
    public ScriptedServer() {
        try {
            socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return where it listens */
    public ServerAddress address() {
        return new ServerAddress("127.0.0.1", socket.getLocalPort());
    }

    /** Waits (bounded) for the next connection. */
    public Peer accept(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            Peer peer = new Peer(socket.accept());
            peers.add(peer);
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        peers.forEach(Peer::close);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** One accepted connection: read the peer's request packets, write anything. */
    public static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final PacketDecoder decoder = new PacketDecoder(Magic.REQ, 1 << 20, false);
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 21).flip();

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /**
         * @return the next request packet, or {@code null} if none arrives within {@code timeout}
         * @throws UncheckedIOException if the peer closed the connection
         */
        public Packet next(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    Frame frame = decoder.decode(buffer);
                    if (frame != null) {
                        return (Packet) frame;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                    buffer.compact();
                    int n;
                    try {
                        n = in.read(buffer.array(), buffer.position(), buffer.remaining());
                    } catch (SocketTimeoutException e) {
                        buffer.flip();
                        return null;
                    }
                    if (n < 0) {
                        buffer.flip();
                        throw new UncheckedIOException(new IOException("peer closed the connection"));
                    }
                    buffer.position(buffer.position() + n);
                    buffer.flip();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** @return the next packet, which must be of the given type (within 10 s) */
        public Packet expect(PacketType type) {
            Packet p = next(Duration.ofSeconds(10));
            if (p == null || p.type() != type) {
                throw new AssertionError("expected " + type + ", got " + p);
            }
            return p;
        }

        /** @return whether the peer closed the connection within the timeout (any packets before are skipped) */
        public boolean awaitClosed(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                }
                return false;
            } catch (UncheckedIOException e) {
                return true;
            }
        }

        /** Writes a packet. */
        public void send(Packet packet) {
            write(packet.encode());
        }

        /** Writes raw bytes. */
        public void write(byte[] bytes) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
