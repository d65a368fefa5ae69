package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketConnection;
import io.gearmancdi.protocol.PacketDecoder;
import io.gearmancdi.protocol.PacketType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A scripted Gearman client over one raw {@link PacketConnection}, for tests that must see exactly what a server
 * forwards (every {@code WORK_*} packet, {@code ERROR}s) independently of our own client implementation.
 *
 * <p>Synchronous and single-threaded: each method sends, then reads replies in order. Packets that arrive while
 * waiting for something else (e.g. {@code WORK_*} of another job) are kept and returned by later waits.
 */
public final class RawClient implements AutoCloseable {
    private final PacketConnection connection;
    private final List<Packet> pending = new ArrayList<>();

    private RawClient(PacketConnection connection) {
        this.connection = connection;
    }

    /** Connects to a server. */
    public static RawClient connect(ServerAddress server) {
        return new RawClient(PacketConnection.open(server, Duration.ofSeconds(5), PacketDecoder.DEFAULT_MAX_BODY_SIZE));
    }

    /** Sends {@code OPTION_REQ exceptions} and waits for {@code OPTION_RES}. */
    public RawClient withExceptions() {
        send(Packet.requestText(PacketType.OPTION_REQ, "exceptions"));
        Packet reply = next(Duration.ofSeconds(5), PacketType.OPTION_RES, PacketType.ERROR);
        if (reply.type() != PacketType.OPTION_RES) {
            throw new IllegalStateException("server refused OPTION_REQ exceptions: " + reply);
        }
        return this;
    }

    /** An ECHO round trip: proves that the server has processed every earlier packet of this connection. */
    public RawClient sync() {
        send(Packet.requestText(PacketType.ECHO_REQ, "sync"));
        next(Duration.ofSeconds(10), PacketType.ECHO_RES);
        return this;
    }

    /** Submits a foreground job ({@code SUBMIT_JOB}) and returns its handle. */
    public String submit(String function, String unique, byte[] data) {
        return submit(PacketType.SUBMIT_JOB, function, unique, data);
    }

    /** Submits with the given {@code SUBMIT_JOB*} type and returns the handle; fails on ERROR. */
    public String submit(PacketType type, String function, String unique, byte[] data) {
        send(Packet.request(type, utf8(function), utf8(unique), data));
        return created();
    }

    /**
     * Submits with the given type and returns the reply: {@code JOB_CREATED} or {@code ERROR}.
     */
    public Packet trySubmit(PacketType type, String function, String unique, byte[] data) {
        send(Packet.request(type, utf8(function), utf8(unique), data));
        return next(Duration.ofSeconds(5), PacketType.JOB_CREATED, PacketType.ERROR);
    }

    /** Submits a background job runnable from {@code epochSeconds} on ({@code SUBMIT_JOB_EPOCH}). */
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
            try {
                connection.sendAll(packets);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
            Packet p = read(Duration.ofNanos(left));
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
        Packet reply = next(Duration.ofSeconds(10), PacketType.JOB_CREATED, PacketType.ERROR);
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
            Packet p = left > 0 ? read(Duration.ofNanos(left)) : null;
            if (p == null) {
                throw new IllegalStateException("no " + wanted + " within " + timeout);
            }
            if (wanted.contains(p.type())) {
                return p;
            }
            pending.add(p);
        }
    }

    private Packet read(Duration timeout) {
        try {
            connection.readTimeout(Duration.ofMillis(Math.max(1, timeout.toMillis())));
            return connection.read();
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a raw packet. */
    public void send(Packet packet) {
        try {
            connection.send(packet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    /** UTF-8 bytes. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** UTF-8 text. */
    public static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
