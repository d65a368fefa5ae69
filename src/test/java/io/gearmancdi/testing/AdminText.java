package io.gearmancdi.testing;

import io.gearmancdi.ServerAddress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

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

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
