package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/** Sends admin text commands on a plain socket and returns the raw reply, terminators included. */
public final class AdminText implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    private AdminText(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Opens an admin connection. */
    public static AdminText connect(ServerAddress address) {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(address.host(), address.port()), 5000);
            s.setSoTimeout(10_000);
            return new AdminText(s);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // failed anyway
            }
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code line + "\r\n"} and reads a one-line reply (up to and including {@code \n}). */
    public String line(String line) {
        write(line);
        return readLine();
    }

    /** Sends {@code line + "\r\n"} and reads a list reply up to and including the {@code ".\n"} line. */
    public String list(String line) {
        write(line);
        StringBuilder all = new StringBuilder();
        while (true) {
            String l = readLine();
            all.append(l);
            if (l.equals(".\n")) {
                return all.toString();
            }
        }
    }

    /** Sends raw bytes. */
    public void write(String line) {
        try {
            socket.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** One command on a fresh connection, one-line reply. */
    public static String oneLine(ServerAddress address, String command) {
        try (AdminText a = connect(address)) {
            return a.line(command);
        }
    }

    /** One command on a fresh connection, list reply. */
    public static String oneList(ServerAddress address, String command) {
        try (AdminText a = connect(address)) {
            return a.list(command);
        }
    }

    /** How long {@link #await} polls before it gives up. */
    public static final Duration AWAIT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Polls a list command on one admin connection until its reply equals {@code expected}: the way to wait until the
     * server has processed something done on <em>another</em> connection (a close, a CAN_DO, a WORK_COMPLETE), since
     * no ordering exists across connections (gearmand serves them on several I/O threads, the embedded server in any
     * order within one select round).
     *
     * @return the matching reply
     */
    public static String await(ServerAddress address, String command, String expected) {
        return await(address, command, expected::equals, "'" + expected.replace("\n", "\\n") + "'");
    }

    /** Like {@link #await(ServerAddress, String, String)}, until the reply matches {@code condition}. */
    public static String await(ServerAddress address, String command, Predicate<String> condition, String what) {
        long deadline = System.nanoTime() + AWAIT_TIMEOUT.toNanos();
        try (AdminText admin = connect(address)) {
            while (true) {
                String reply = admin.list(command);
                if (condition.test(reply)) {
                    return reply;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("'" + command + "' still answers '" + reply + "' after " + AWAIT_TIMEOUT
                            + " instead of " + what);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while polling '" + command + "'", e);
                }
            }
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
