package io.gearmancdi.admin;

import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.GearmanProtocolException;
import io.gearmancdi.GearmanServerException;
import io.gearmancdi.GearmanTimeoutException;
import io.gearmancdi.ServerAddress;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A connection to the admin (text) protocol of one Gearman job server, on the same port as the binary protocol.
 *
 * <pre>{@code
 * try (AdminClient admin = AdminClient.connect(ServerAddress.parse("localhost:4730"), Duration.ofSeconds(5))) {
 *     for (FunctionStatus f : admin.status()) { ... }
 * }
 * }</pre>
 *
 * <p>Wire details (gearmand 1.1.20): commands are sent terminated by {@code \r\n}, as gearadmin does (gearmand's
 * {@code create function} mis-reads a bare {@code \n}); replies are read line-wise accepting both {@code \n} and
 * {@code \r\n} (gearmand mixes them); lists end with a line holding a single {@code .}; errors read
 * {@code ERR CODE text+with+pluses} and become a {@link GearmanServerException} with the pluses decoded to spaces.
 * Because a list reply cannot be told from an error by its first line alone, a list whose first line starts with
 * {@code "ERR "} is taken as an error (only a function or unique id literally starting so could be misread).
 *
 * <p><b>Failures.</b> A reply that does not have the expected shape throws {@link GearmanProtocolException} naming the
 * command and the line; a reply that does not come within the timeout throws {@link GearmanTimeoutException}; a lost
 * connection throws {@link GearmanConnectionException}. After any of these the connection is out of step and is
 * closed; later calls throw {@link GearmanConnectionException}. A {@link GearmanServerException} leaves it usable.
 *
 * <p><b>Concurrency.</b> Thread-safe: commands are serialised, one at a time.
 */
public final class AdminClient implements AutoCloseable {
    /** Longest reply line accepted; a longer one is a protocol error (never trust the wire). */
    public static final int MAX_LINE = 64 * 1024;
    /** Most lines accepted in one list reply. */
    public static final int MAX_LIST_LINES = 10_000_000;

    private final ServerAddress server;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private boolean closed;

    private AdminClient(ServerAddress server, Socket socket) throws IOException {
        this.server = server;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to a server's admin protocol.
     *
     * @param timeout bound for the TCP connect and for each reply
     * @throws GearmanConnectionException if the server cannot be reached
     */
    public static AdminClient connect(ServerAddress server, Duration timeout) {
        Objects.requireNonNull(server, "server");
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(server.host(), server.port()), millis);
            socket.setSoTimeout(millis);
            return new AdminClient(server, socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            throw new GearmanConnectionException("cannot connect to gearman server " + server + ": " + e.getMessage(),
                    e);
        }
    }

    /** @return the server this client talks to */
    public ServerAddress server() {
        return server;
    }

    /** {@code status}: queued/running jobs and registered workers per function. */
    public synchronized List<FunctionStatus> status() {
        return list("status", l -> {
            String[] f = fields(l, 4, "status");
            return new FunctionStatus(f[0], number(f[1], "status", l), number(f[2], "status", l),
                    number(f[3], "status", l));
        });
    }

    /** {@code prioritystatus}: queued jobs per priority and function (gearmand 1.1.15 and later). */
    public synchronized List<PriorityStatus> priorityStatus() {
        String cmd = "prioritystatus";
        return list(cmd, l -> {
            String[] f = fields(l, 5, cmd);
            return new PriorityStatus(f[0], number(f[1], cmd, l), number(f[2], cmd, l), number(f[3], cmd, l),
                    number(f[4], cmd, l));
        });
    }

    /** {@code workers}: every connection of the server with its client id and functions. */
    public synchronized List<WorkerInfo> workers() {
        return list("workers", this::parseWorker);
    }

    /** {@code show jobs}: the jobs the server holds. */
    public synchronized List<QueuedJob> showJobs() {
        String cmd = "show jobs";
        return list(cmd, l -> {
            String[] f = fields(l, 4, cmd);
            return new QueuedJob(f[0], (int) Math.min(Integer.MAX_VALUE, number(f[1], cmd, l)),
                    flag(f[2], cmd, l), flag(f[3], cmd, l));
        });
    }

    /** {@code show unique jobs}: the unique ids of the jobs the server holds. */
    public synchronized List<String> showUniqueJobs() {
        return list("show unique jobs", l -> l);
    }

    /**
     * {@code version}: the server's version as it reports it, e.g. {@code 1.1.20+ds} from gearmand
     * ({@code OK 1.1.20+ds}) or {@code v1.130.1} from the Perl Gearman::Server, which answers the bare version: the
     * protocol only says the server sends its version. A bare reply must be one word with a digit in it, else it is a
     * protocol error.
     */
    public synchronized String version() {
        String reply = command("version");
        if (reply.startsWith("ERR ")) {
            throw error(reply);
        }
        if (reply.startsWith("OK ") && !reply.substring(3).isBlank()) {
            return reply.substring(3).trim();
        }
        // a bare version must still look like one (one word with a digit), so that a reply out of step is caught
        String bare = reply.trim();
        if (bare.chars().anyMatch(Character::isWhitespace) || bare.chars().noneMatch(Character::isDigit)) {
            throw malformed("version", reply);
        }
        return bare;
    }

    /** {@code getpid}: the server's process id. */
    public synchronized long getpid() {
        String value = okValue("getpid");
        return number(value, "getpid", "OK " + value);
    }

    /** {@code verbose}: the server's log level, e.g. {@code INFO}. */
    public synchronized String verbose() {
        return okValue("verbose");
    }

    /**
     * {@code maxqueue FUNCTION MAX}: limits the function's total job count (all priorities, running included) for new
     * submissions; {@code max <= 0} means unlimited. gearmand answers OK but does nothing for a function it does not
     * know yet.
     */
    public synchronized void maxqueue(String function, int max) {
        ok("maxqueue " + token(function, "function") + " " + max);
    }

    /** {@code maxqueue FUNCTION HIGH NORMAL LOW}: separate limits for high, normal and low priority submissions. */
    public synchronized void maxqueue(String function, int high, int normal, int low) {
        ok("maxqueue " + token(function, "function") + " " + high + " " + normal + " " + low);
    }

    /**
     * {@code cancel job HANDLE}: fails the job for its waiting clients and drops it before a worker gets it (a job
     * already running is not interrupted).
     *
     * @return {@code true} if cancelled, {@code false} if the server does not know the handle ({@code UNKNOWN_JOB})
     */
    public synchronized boolean cancelJob(String handle) {
        String cmd = "cancel job " + token(handle, "handle");
        String reply = command(cmd);
        if (reply.equals("OK")) {
            return true;
        }
        if (reply.startsWith("ERR ")) {
            GearmanServerException error = error(reply);
            if ("UNKNOWN_JOB".equals(error.code())) {
                return false;
            }
            throw error;
        }
        throw malformed(cmd, reply);
    }

    /** Closes the connection. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }

    @Override
    public String toString() {
        return "AdminClient[" + server + "]";
    }

    // ---- protocol

    private void ok(String cmd) {
        String reply = command(cmd);
        if (reply.equals("OK")) {
            return;
        }
        if (reply.startsWith("ERR ")) {
            throw error(reply);
        }
        throw malformed(cmd, reply);
    }

    private String okValue(String cmd) {
        String reply = command(cmd);
        if (reply.startsWith("OK ") && reply.length() > 3) {
            return reply.substring(3).trim();
        }
        if (reply.startsWith("ERR ")) {
            throw error(reply);
        }
        throw malformed(cmd, reply);
    }

    /** Sends a command and reads the one-line reply. */
    private String command(String cmd) {
        send(cmd);
        return readLine(cmd);
    }

    private <T> List<T> list(String cmd, Function<String, T> parser) {
        send(cmd);
        List<T> items = new ArrayList<>();
        String first = readLine(cmd);
        if (first.startsWith("ERR ") && first.indexOf('\t') < 0) {
            throw error(first);
        }
        String l = first;
        while (!l.equals(".")) {
            if (items.size() >= MAX_LIST_LINES) {
                throw malformed(cmd, "(more than " + MAX_LIST_LINES + " lines)");
            }
            items.add(parser.apply(l));
            l = readLine(cmd);
        }
        return List.copyOf(items);
    }

    private void send(String cmd) {
        if (closed) {
            throw new GearmanConnectionException("admin connection to " + server + " is closed");
        }
        try {
            out.write((cmd + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            close();
            throw new GearmanConnectionException("cannot send '" + cmd + "' to gearman server " + server + ": "
                    + e.getMessage(), e);
        }
    }

    /** Reads one line, accepting {@code \n} and {@code \r\n}. */
    private String readLine(String cmd) {
        line.reset();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("gearman server closed the connection");
                }
                if (b == '\n') {
                    break;
                }
                if (line.size() >= MAX_LINE) {
                    throw malformed(cmd, "(a line longer than " + MAX_LINE + " bytes)");
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            close();
            throw new GearmanTimeoutException("gearman server " + server + " did not answer '" + cmd + "' in time");
        } catch (IOException e) {
            close();
            throw new GearmanConnectionException("lost admin connection to gearman server " + server + " during '"
                    + cmd + "': " + e.getMessage(), e);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    // ---- parsing

    private GearmanServerException error(String reply) {
        String rest = reply.substring(4).trim();
        int space = rest.indexOf(' ');
        String code = space < 0 ? rest : rest.substring(0, space);
        String text = space < 0 ? "" : rest.substring(space + 1).replace('+', ' ');
        return new GearmanServerException(code, text, server);
    }

    private GearmanProtocolException malformed(String cmd, String line) {
        close();
        return new GearmanProtocolException("malformed reply to admin command '" + cmd + "' from gearman server "
                + server + ": '" + line + "'");
    }

    /** Splits a tab-separated line; the name may not contain tabs, so the count must match exactly. */
    private String[] fields(String line, int count, String cmd) {
        String[] f = line.split("\t", -1);
        if (f.length != count || f[0].isEmpty()) {
            throw malformed(cmd, line);
        }
        return f;
    }

    private long number(String text, String cmd, String line) {
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw malformed(cmd, line);
            }
            return value;
        } catch (NumberFormatException e) {
            throw malformed(cmd, line);
        }
    }

    private boolean flag(String text, String cmd, String line) {
        return switch (text.trim()) {
            case "0" -> false;
            case "1" -> true;
            default -> throw malformed(cmd, line);
        };
    }

    /** {@code FD IP CLIENT-ID : f1 f2 ...}; nothing after the colon for connections that are not workers. */
    private WorkerInfo parseWorker(String l) {
        String[] t = l.trim().split(" +");
        if (t.length < 4 || !t[3].equals(":")) {
            throw malformed("workers", l);
        }
        int fd;
        try {
            fd = Integer.parseInt(t[0]);
        } catch (NumberFormatException e) {
            throw malformed("workers", l);
        }
        String clientId = t[2].equals("-") ? null : t[2];
        return new WorkerInfo(fd, t[1], clientId, Arrays.asList(t).subList(4, t.length));
    }

    private static String token(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException(what + " must be non-empty without whitespace: '" + value + "'");
        }
        return value;
    }
}
