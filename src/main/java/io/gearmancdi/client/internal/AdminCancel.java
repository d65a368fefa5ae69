package io.gearmancdi.client.internal;

import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.GearmanProtocolException;
import io.gearmancdi.GearmanServerException;
import io.gearmancdi.GearmanTimeoutException;
import io.gearmancdi.ServerAddress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The admin command {@code cancel job HANDLE}, sent on a connection of its own. The binary protocol has no cancel, and
 * the client's pipelined connection is not the place for a text reply (its reader expects binary frames); cancels are
 * rare, so one short-lived connection each costs nothing worth saving.
 */
final class AdminCancel {
    /** Longest reply line accepted; {@code OK} or an {@code ERR} line is far shorter. */
    private static final int MAX_LINE = 8192;

    private AdminCancel() {
    }

    /**
     * @return {@code true} on {@code OK}, {@code false} on {@code ERR UNKNOWN_JOB}
     * @throws GearmanServerException     on any other {@code ERR}
     * @throws GearmanProtocolException   on a reply that is neither
     * @throws GearmanTimeoutException    when the server does not answer within {@code replyTimeout}
     * @throws GearmanConnectionException when the server cannot be reached
     */
    static boolean cancel(ServerAddress server, String handle, Duration connectTimeout, Duration replyTimeout) {
        String command = "cancel job " + handle;
        String reply = exchange(server, command, connectTimeout, replyTimeout);
        if (reply.equals("OK")) {
            return true;
        }
        if (reply.startsWith("ERR ")) {
            String rest = reply.substring(4).trim();
            int space = rest.indexOf(' ');
            String code = space < 0 ? rest : rest.substring(0, space);
            if (code.equals("UNKNOWN_JOB")) {
                return false;
            }
            throw new GearmanServerException(code, space < 0 ? "" : rest.substring(space + 1).replace('+', ' '),
                    server);
        }
        throw new GearmanProtocolException("malformed reply to admin command '" + command + "' from gearman server "
                + server + ": '" + reply + "'");
    }

    private static String exchange(ServerAddress server, String command, Duration connectTimeout,
                                   Duration replyTimeout) {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(server.host(), server.port()), millis(connectTimeout));
            socket.setSoTimeout(millis(replyTimeout));
            OutputStream out = socket.getOutputStream();
            // \r\n as gearadmin sends it: gearmand 1.1.20 mis-reads some commands ended by a bare \n
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readLine(socket.getInputStream(), server, command);
        } catch (SocketTimeoutException e) {
            throw new GearmanTimeoutException("gearman server " + server + " did not answer '" + command + "' within "
                    + replyTimeout);
        } catch (IOException e) {
            throw new GearmanConnectionException("cannot send '" + command + "' to gearman server " + server + ": "
                    + e.getMessage(), e);
        }
    }

    /** One line, ended by {@code \n} or {@code \r\n} (gearmand uses both). */
    private static String readLine(InputStream in, ServerAddress server, String command) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection before answering");
            }
            if (b == '\n') {
                break;
            }
            if (line.size() >= MAX_LINE) {
                throw new GearmanProtocolException("reply to admin command '" + command + "' from gearman server "
                        + server + " is longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
