package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketDecoder;
import io.gearmancdi.protocol.PacketType;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted raw-protocol peer for server tests: send request packets, read replies with a bounded wait, assert
 * their types and arguments. One instance is one TCP connection; it can play client, worker or both, and it can
 * write arbitrary bytes ({@link #writeRaw}) to script malformed input. Single-threaded use.
 */
public final class RawGearman implements AutoCloseable {
    /** How long a read waits for a reply that must come. */
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final PacketDecoder decoder = PacketDecoder.forResponses();
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();

    private RawGearman(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to a job server. */
    public static RawGearman connect(ServerAddress address) {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(address.host(), address.port()), 5000);
            return new RawGearman(s);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // failed anyway
            }
            throw new UncheckedIOException(e);
        }
    }

    /** Connects to a job server. */
    public static RawGearman connect(JobServer server) {
        return connect(server.address());
    }

    /** Sends a request whose arguments are text (UTF-8). */
    public RawGearman send(PacketType type, String... args) {
        return send(Packet.requestText(type, args));
    }

    /** Sends a packet. */
    public RawGearman send(Packet packet) {
        return writeRaw(packet.encode());
    }

    /** Sends several packets in one write (a pipelined burst). */
    public RawGearman sendAll(List<Packet> packets) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Packet p : packets) {
            all.writeBytes(p.encode());
        }
        return writeRaw(all.toByteArray());
    }

    /** Writes bytes as they are: malformed packets, text lines, fragments. */
    public RawGearman writeRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request header with any magic, type and declared size, for malformed-input tests. */
    public static byte[] header(int magic, int type, int size) {
        return ByteBuffer.allocate(12).putInt(magic).putInt(type).putInt(size).array();
    }

    private Packet readPacket(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        while (true) {
            Packet p = (Packet) decoder.decode(buffer);
            if (p != null) {
                return p;
            }
            buffer.compact();
            if (!buffer.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() * 2);
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
            int n;
            try {
                n = in.read(buffer.array(), buffer.position(), buffer.remaining());
            } catch (IOException e) {
                buffer.flip(); // keep the buffer in read mode for the next call (e.g. after a read timeout)
                throw e;
            }
            if (n < 0) {
                buffer.flip();
                throw new EOFException("closed by the server");
            }
            buffer.position(buffer.position() + n);
            buffer.flip();
        }
    }

    /** Reads the next reply, waiting at most {@link #REPLY_TIMEOUT}. */
    public Packet read() {
        return read(REPLY_TIMEOUT);
    }

    /** Reads the next reply within {@code timeout}. */
    public Packet read(Duration timeout) {
        try {
            return readPacket(timeout);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no reply within " + timeout, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code count} replies. */
    public List<Packet> read(int count) {
        List<Packet> packets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            packets.add(read());
        }
        return packets;
    }

    /** Reads the next reply and asserts its type. */
    public Packet expect(PacketType type) {
        Packet packet = read();
        assertThat(packet.type()).as("reply type of %s", packet).isEqualTo(type);
        return packet;
    }

    /** Reads the next reply and asserts its type and text arguments. */
    public Packet expect(PacketType type, String... args) {
        Packet packet = expect(type);
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < packet.argumentCount(); i++) {
            actual.add(packet.text(i));
        }
        assertThat(actual).as("arguments of %s", packet).containsExactly(args);
        return packet;
    }

    /** Asserts an ERROR reply with this code. */
    public Packet expectError(String code) {
        Packet packet = expect(PacketType.ERROR);
        assertThat(packet.text(0)).as("error code, text '%s'", packet.text(1)).isEqualTo(code);
        return packet;
    }

    /** Asserts that nothing arrives for {@code quiet} (a short bounded wait for absence, not a sleep for order). */
    public void expectNothing(Duration quiet) {
        try {
            Packet packet = readPacket(quiet);
            throw new AssertionError("expected no reply but got " + packet);
        } catch (SocketTimeoutException expected) {
            // nothing came
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that the server closes the connection (after any replies, which are returned). */
    public List<Packet> expectClosed() {
        List<Packet> before = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                before.add(readPacket(REPLY_TIMEOUT));
            }
            throw new AssertionError("connection still open after " + before);
        } catch (EOFException expected) {
            return before;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection not closed within " + REPLY_TIMEOUT + "; got " + before, e);
        } catch (IOException e) {
            return before; // reset by peer also means closed
        }
    }

    /** Worker helper: CAN_DO each function. */
    public RawGearman canDo(String... functions) {
        for (String f : functions) {
            send(PacketType.CAN_DO, f);
        }
        return this;
    }

    /** Client helper: submit and return the handle from JOB_CREATED. */
    public String submit(PacketType type, String... args) {
        send(type, args);
        return expect(PacketType.JOB_CREATED).text(0);
    }

    /** Worker helper: GRAB_JOB_UNIQ and expect an assignment; returns it. */
    public Packet grab() {
        send(PacketType.GRAB_JOB_UNIQ);
        return expect(PacketType.JOB_ASSIGN_UNIQ);
    }

    /** Worker helper: GRAB_JOB_UNIQ and expect NO_JOB. */
    public void grabNothing() {
        send(PacketType.GRAB_JOB_UNIQ);
        expect(PacketType.NO_JOB);
    }

    /** A round trip that proves every earlier request on this connection has been processed. */
    public void sync() {
        send(PacketType.ECHO_REQ, "sync");
        expect(PacketType.ECHO_RES, "sync");
    }

    /** @return the underlying socket */
    public Socket socket() {
        return socket;
    }

    /** Encodes text as UTF-8. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
