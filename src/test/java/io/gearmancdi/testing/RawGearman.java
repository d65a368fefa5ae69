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
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted raw-protocol peer over one TCP connection to a job server, independent of our own client and worker:
 * it can play client, worker or both, and write arbitrary bytes ({@link #writeRaw}) to script malformed input.
 *
 * <p>Two ways to read replies, both with bounded waits:
 * <ul>
 *   <li><b>in order</b> ({@link #read}, {@link #expect}, {@link #sync}, {@link #grab}, {@link #submit(PacketType,
 *   String...)}): the next packet must be the expected one;</li>
 *   <li><b>by type or job</b> ({@link #withExceptions}, {@link #submit(String, String, byte[])}, {@link #trySubmit},
 *   {@link #awaitEnd}, {@link #drain}): packets that arrive while waiting for something else (e.g. {@code WORK_*} of
 *   another job) are kept and returned by later waits, {@link #read} included.</li>
 * </ul>
 * Single-threaded use.
 */
public final class RawGearman implements AutoCloseable {
    /** How long a read waits for a reply that must come. */
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    /** How long to wait for a reply the server sends at once ({@code OPTION_RES}, a refused submit). */
    private static final Duration QUICK_REPLY_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final PacketDecoder decoder = PacketDecoder.forResponses();
    private final List<Packet> pending = new ArrayList<>();
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

    // ---- sending ----

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

    // ---- reading in order ----

    /** Decodes the next packet from the socket, waiting at most {@code timeout} (at least 1 ms) for bytes. */
    private Packet readPacket(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
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

    /** The oldest kept packet, else the next one from the socket. */
    private Packet nextPacket(Duration timeout) throws IOException {
        return pending.isEmpty() ? readPacket(timeout) : pending.remove(0);
    }

    /** Reads the next reply, waiting at most {@link #REPLY_TIMEOUT}. */
    public Packet read() {
        return read(REPLY_TIMEOUT);
    }

    /** Reads the next reply within {@code timeout}. */
    public Packet read(Duration timeout) {
        try {
            return nextPacket(timeout);
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
            Packet packet = nextPacket(quiet);
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
                before.add(nextPacket(REPLY_TIMEOUT));
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

    /** Client helper: submit and return the handle from JOB_CREATED, which must be the next reply. */
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

    /** An ECHO round trip (next reply) that proves every earlier request on this connection has been processed. */
    public RawGearman sync() {
        send(PacketType.ECHO_REQ, "sync");
        expect(PacketType.ECHO_RES, "sync");
        return this;
    }

    // ---- reading by type or job ----

    /** Sends {@code OPTION_REQ exceptions} and waits for {@code OPTION_RES}; fails on ERROR. */
    public RawGearman withExceptions() {
        send(PacketType.OPTION_REQ, "exceptions");
        Packet reply = next(QUICK_REPLY_TIMEOUT, PacketType.OPTION_RES, PacketType.ERROR);
        if (reply.type() != PacketType.OPTION_RES) {
            throw new IllegalStateException("server refused OPTION_REQ exceptions: " + reply);
        }
        return this;
    }

    /** Submits a foreground job ({@code SUBMIT_JOB}) and returns its handle; fails on ERROR. */
    public String submit(String function, String unique, byte[] data) {
        return submit(PacketType.SUBMIT_JOB, function, unique, data);
    }

    /** Submits with the given {@code SUBMIT_JOB*} type and returns the handle; fails on ERROR. */
    public String submit(PacketType type, String function, String unique, byte[] data) {
        send(Packet.request(type, utf8(function), utf8(unique), data));
        return created();
    }

    /** Submits with the given type and returns the reply: {@code JOB_CREATED} or {@code ERROR}. */
    public Packet trySubmit(PacketType type, String function, String unique, byte[] data) {
        send(Packet.request(type, utf8(function), utf8(unique), data));
        return next(QUICK_REPLY_TIMEOUT, PacketType.JOB_CREATED, PacketType.ERROR);
    }

    /** Submits a background job due at {@code epochSeconds} ({@code SUBMIT_JOB_EPOCH}); returns the handle. */
    public String submitEpoch(String function, String unique, long epochSeconds, byte[] data) {
        send(Packet.request(PacketType.SUBMIT_JOB_EPOCH, utf8(function), utf8(unique),
                utf8(Long.toString(epochSeconds)), data));
        return created();
    }

    /**
     * Submits background jobs pipelined: batches of packets in one write, then the batch's {@code JOB_CREATED}s.
     *
     * @return the handles in submission order
     */
    public List<String> submitBackgroundPipelined(String function, List<String> uniques, byte[] data, int batch) {
        List<String> handles = new ArrayList<>(uniques.size());
        byte[] name = utf8(function);
        for (int from = 0; from < uniques.size(); from += batch) {
            List<Packet> packets = new ArrayList<>(batch);
            for (String unique : uniques.subList(from, Math.min(uniques.size(), from + batch))) {
                packets.add(Packet.request(PacketType.SUBMIT_JOB_BG, name, utf8(unique), data));
            }
            sendAll(packets);
            for (int i = 0; i < packets.size(); i++) {
                handles.add(created());
            }
        }
        return handles;
    }

    /**
     * Collects the {@code WORK_*} packets of one job until its final one ({@code WORK_COMPLETE}, {@code WORK_FAIL} or
     * {@code WORK_EXCEPTION}).
     *
     * @return the packets in arrival order, the final one last
     * @throws IllegalStateException if it does not end within {@code timeout}
     */
    public List<Packet> awaitEnd(String handle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Packet> packets = new ArrayList<>();
        while (true) {
            Packet p = nextFor(handle, deadline);
            if (p == null) {
                throw new IllegalStateException("job " + handle + " did not end within " + timeout + "; got "
                        + packets);
            }
            packets.add(p);
            if (p.type() == PacketType.WORK_COMPLETE || p.type() == PacketType.WORK_FAIL
                    || p.type() == PacketType.WORK_EXCEPTION) {
                return packets;
            }
        }
    }

    /** @return the packets for {@code handle} that arrive within {@code wait} (empty if none) */
    public List<Packet> drain(String handle, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Packet> packets = new ArrayList<>();
        Packet p;
        while ((p = nextFor(handle, deadline)) != null) {
            packets.add(p);
        }
        return packets;
    }

    private Packet nextFor(String handle, long deadline) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).argumentCount() > 0 && pending.get(i).text(0).equals(handle)) {
                return pending.remove(i);
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Packet p = poll(Duration.ofNanos(left));
            if (p == null) {
                return null;
            }
            if (p.argumentCount() > 0 && p.text(0).equals(handle)) {
                return p;
            }
            pending.add(p);
        }
    }

    private String created() {
        Packet reply = next(REPLY_TIMEOUT, PacketType.JOB_CREATED, PacketType.ERROR);
        if (reply.type() == PacketType.ERROR) {
            throw new IllegalStateException("submit refused: " + reply.text(0) + " " + reply.text(1));
        }
        return reply.text(0);
    }

    /** Reads until a packet of one of the types arrives; others are kept for later. */
    private Packet next(Duration timeout, PacketType... types) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<PacketType> wanted = Arrays.asList(types);
        for (int i = 0; i < pending.size(); i++) {
            if (wanted.contains(pending.get(i).type())) {
                return pending.remove(i);
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            Packet p = left > 0 ? poll(Duration.ofNanos(left)) : null;
            if (p == null) {
                throw new IllegalStateException("no " + wanted + " within " + timeout);
            }
            if (wanted.contains(p.type())) {
                return p;
            }
            pending.add(p);
        }
    }

    /** The next packet from the socket, or null if none arrives within {@code timeout}. */
    private Packet poll(Duration timeout) {
        try {
            return readPacket(timeout);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- misc ----

    /** @return the underlying socket */
    public Socket socket() {
        return socket;
    }

    /** Encodes text as UTF-8. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes UTF-8 bytes as text. */
    public static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
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
