package io.gearmancdi.server;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.PacketDecoder;
import io.gearmancdi.server.internal.EventLoop;
import io.gearmancdi.server.internal.ServerSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An in-JVM Gearman job server for development, examples and fast tests: what H2 is to a database.
 * <b>Not for production</b>: every job lives only in this JVM's memory (no persistent queue) and is lost when it stops;
 * run gearmand there.
 *
 * <p>It speaks gearmand's binary protocol and its admin text protocol on one port, so the {@code gearman} and
 * {@code gearadmin} tools, libgearman and our own client and worker work against it unchanged. Where clients can tell
 * the difference it behaves like gearmand 1.1.20, except where 1.1.20 is buggy and gearmand 2.0 fixed it:
 * <ul>
 *   <li>Priority is global across a worker's functions (any HIGH job before any NORMAL one; FIFO by submission within
 *       a priority), as in gearmand 2.0. 1.1.20 applies priority per function.</li>
 *   <li>An epoch job ({@code SUBMIT_JOB_EPOCH}) wakes sleeping workers with NOOP when it becomes due (2.0); it joins
 *       the tail of its function's normal queue at that moment.</li>
 *   <li>{@code CAN_DO_TIMEOUT} (milliseconds, at least 1000 as in 1.1.19+) starts a timer per job attempt, cancelled
 *       when the job ends or goes back to the queue; when it fires the job fails ({@code WORK_FAIL} to waiting clients)
 *       and the worker's late result is refused with {@code ERROR JOB_NOT_FOUND}. gearmand requeues instead and its
 *       connection-wide timer corrupts its counters.</li>
 *   <li>Unique ids longer than 63 bytes are rejected with {@code ERROR ARGUMENT_TOO_LARGE} (1.1.20 silently truncates
 *       a 64-byte one).</li>
 *   <li>A protocol violation (bad magic, unknown packet type, wrong argument count, a body above
 *       {@link Builder#maxPacketSize}) is answered with an {@code ERROR} packet ({@code INVALID_MAGIC},
 *       {@code INVALID_COMMAND}, {@code INVALID_PACKET}, {@code ARGUMENT_TOO_LARGE}) before the connection is closed;
 *       gearmand closes without a word or desynchronises.</li>
 *   <li>The admin {@code shutdown} command (and {@code shutdown graceful}) answers {@code OK} and stops this server,
 *       only if allowed with {@link Builder#adminShutdown(boolean)} (off by default). gearmand 1.1.15+ removed it.</li>
 *   <li>Queues are bounded by default ({@link Builder#maxQueue(int)}, {@link Builder#maxQueueBytes(long)}): a submit
 *       beyond them gets {@code ERROR QUEUE_ERROR}, where gearmand's queues are unlimited unless configured.</li>
 *   <li>{@code drop function} also refuses a function that still has queued jobs (1.1.20 leaves them dangling).</li>
 *   <li>Map/reduce submissions ({@code SUBMIT_REDUCE_JOB*}) are ordinary normal-priority jobs that remember their
 *       reducer; {@code GRAB_JOB_ALL} hands them out with {@code JOB_ASSIGN_ALL}. {@code SUBMIT_JOB_SCHED} and
 *       {@code ALL_YOURS} get {@code ERROR INVALID_COMMAND}, as in every gearmand.</li>
 *   <li>A queued foreground job whose last client left is abandoned as in gearmand (still counted until a worker
 *       reaches it), but its unique id is freed at once, so a new submit with that unique creates a new job instead
 *       of attaching to the abandoned one. A foreground job requeued after its worker vanished is dropped if no
 *       client waits for it any more.</li>
 *   <li>The {@code WORK_FAIL} sent instead of {@code WORK_EXCEPTION} to a client without the {@code exceptions}
 *       option carries the plain handle; gearmand 1.1.20 appends a NUL byte to it.</li>
 *   <li>The {@code workers} admin listing shows a connection number where gearmand shows the file descriptor, and
 *       {@code status} lists functions in creation order.</li>
 * </ul>
 *
 * <p>I/O is non-blocking on one selector thread (a daemon thread named {@code gearman-embedded-server-PORT}); idle
 * connections cost no thread. A connection that does not read its replies is throttled and, past
 * {@link Builder#maxPendingOutput}, closed.
 *
 * <p>Usage:
 * <pre>{@code
 * try (EmbeddedGearmanServer server = EmbeddedGearmanServer.builder().port(0).build().start()) {
 *     ServerAddress address = server.address();   // 127.0.0.1:<free port>
 *     ...
 * }
 * }</pre>
 * or from the command line: {@code java -cp gearman-cdi.jar io.gearmancdi.server.EmbeddedGearmanServer --port 4730}.
 *
 * <p><b>Thread safety:</b> {@link #start()}, {@link #close()} and the accessors may be called from any thread.
 *
 * @since 0.1.0
 */
public final class EmbeddedGearmanServer implements AutoCloseable {

    private final ServerSettings settings;
    private EventLoop loop;
    private boolean closed;

    private EmbeddedGearmanServer(ServerSettings settings) {
        this.settings = settings;
    }

    /**
     * @return a builder with gearmand's defaults (127.0.0.1, port 4730, unlimited retries) and bounded queues and
     *     buffers
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts serving. Returns once the port is bound, so clients may connect immediately.
     *
     * @return this server
     * @throws UncheckedIOException  if the port cannot be bound
     * @throws IllegalStateException if it was already started or closed
     */
    public synchronized EmbeddedGearmanServer start() {
        if (loop != null || closed) {
            throw new IllegalStateException("an EmbeddedGearmanServer can be started only once");
        }
        try {
            loop = new EventLoop(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port(), e);
        }
        loop.start();
        return this;
    }

    /** @return the port it listens on (the one chosen when configured with port 0) */
    public synchronized int port() {
        if (loop == null) {
            throw new IllegalStateException("not started");
        }
        return loop.port();
    }

    /** @return the host it is bound to */
    public String host() {
        return settings.host();
    }

    /** @return host and port to connect to */
    public ServerAddress address() {
        return new ServerAddress(settings.host(), port());
    }

    /** @return whether it has been started and has not stopped */
    public synchronized boolean isRunning() {
        return loop != null && !loop.isTerminated();
    }

    /**
     * The error that stopped the server, if it stopped on its own because of one. An {@link Error} on the server's
     * thread (an {@link OutOfMemoryError} above all) stops it at once: the port is closed, every job is lost, the error
     * is logged (GEARMAN-5012) and returned here, so that a health check sees a dead server instead of a dead port
     * that still looks bound.
     *
     * @return the error, or empty while it runs, before it starts and after an orderly stop
     */
    public Optional<Throwable> failure() {
        EventLoop l;
        synchronized (this) {
            l = loop;
        }
        return l == null ? Optional.empty() : Optional.ofNullable(l.failure());
    }

    /**
     * Waits until the server stops (by {@link #close()} or the admin {@code shutdown} command).
     *
     * @return whether it stopped within the timeout
     */
    public boolean awaitTermination(Duration timeout) {
        EventLoop l;
        synchronized (this) {
            l = loop;
        }
        return l == null || l.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops at once: every connection is dropped and every job (foreground and background) is lost. Idempotent. */
    @Override
    public void close() {
        EventLoop l;
        synchronized (this) {
            closed = true;
            l = loop;
        }
        if (l != null) {
            l.close();
        }
    }

    @Override
    public String toString() {
        EventLoop l;
        synchronized (this) {
            l = loop;
        }
        return "EmbeddedGearmanServer[" + settings.host() + ":" + (l == null ? settings.port() : l.port()) + "]";
    }

    /**
     * Runs a server until SIGTERM (or the admin {@code shutdown} command) and prints exactly one line,
     * {@code listening on HOST:PORT}, to standard output once it accepts connections.
     *
     * <p>Options: {@code --host H} (default 127.0.0.1), {@code --port N} (default 4730, 0 = any free port),
     * {@code --job-retries N} (like gearmand {@code -j}), {@code --max-packet-size BYTES}, {@code --max-queue N},
     * {@code --max-queue-bytes BYTES}, {@code --allow-admin-shutdown}; {@code --help} lists them. The process exits
     * with status 0 after an admin {@code shutdown}, 1 if the server stopped on an error (see {@link #failure()}), and
     * 2 on bad usage.
     */
    public static void main(String[] args) {
        io.gearmancdi.server.internal.ServerMain.run(args);
    }

    /**
     * Options of an {@link EmbeddedGearmanServer}; every setter documents its default.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        /** Default bind address: loopback only. */
        public static final String DEFAULT_HOST = "127.0.0.1";
        /** Default port: Gearman's IANA port. */
        public static final int DEFAULT_PORT = ServerAddress.DEFAULT_PORT;
        /** Default job retry limit: 0, unlimited, as in gearmand 1.1.20. */
        public static final int DEFAULT_JOB_RETRIES = 0;
        /**
         * Default queue limit per function: one million jobs (gearmand's default is unlimited; a bound here turns a
         * flood into {@code QUEUE_ERROR} replies instead of an {@link OutOfMemoryError}).
         */
        public static final int DEFAULT_MAX_QUEUE = 1_000_000;
        /** Share of the JVM's maximum heap that jobs (and, separately, partly received packets) may take by default. */
        public static final int DEFAULT_HEAP_SHARE_PERCENT = 25;
        /** Default bound of unread replies per connection: 64 MiB (plus one maximal packet, see maxPendingOutput). */
        public static final long DEFAULT_MAX_PENDING_OUTPUT = 64L * 1024 * 1024;

        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int maxPacketSize = PacketDecoder.DEFAULT_MAX_BODY_SIZE;
        private int jobRetries = DEFAULT_JOB_RETRIES;
        private final int[] maxQueue = {DEFAULT_MAX_QUEUE, DEFAULT_MAX_QUEUE, DEFAULT_MAX_QUEUE};
        private Long maxQueueBytes;
        private Long maxBufferedInput;
        private Long maxPendingOutput;
        private boolean exceptions;
        private String jobHandlePrefix;
        private boolean adminShutdown;

        private Builder() {
        }

        /** Address to bind; default {@value #DEFAULT_HOST}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind, 0 for any free port (read it back with {@link EmbeddedGearmanServer#port()}); default 4730. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Largest request body accepted; a bigger declared size gets {@code ERROR ARGUMENT_TOO_LARGE} and the
         * connection is closed. Default {@link PacketDecoder#DEFAULT_MAX_BODY_SIZE} (64 MiB).
         */
        public Builder maxPacketSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxPacketSize must be positive: " + bytes);
            }
            this.maxPacketSize = bytes;
            return this;
        }

        /**
         * Like gearmand's {@code --job-retries}: the number of attempts a job gets when its worker keeps
         * disconnecting (or gives it up with CANT_DO/RESET_ABILITIES); when reached, waiting clients get WORK_FAIL and
         * the job is dropped. 1 = never retry; 0 (the default) = unlimited.
         */
        public Builder jobRetries(int attempts) {
            if (attempts < 0 || attempts > 255) {
                throw new IllegalArgumentException("jobRetries must be 0..255: " + attempts);
            }
            this.jobRetries = attempts;
            return this;
        }

        /**
         * Queue limit for every function, all priorities (the admin {@code maxqueue F N} as a default): a submit to a
         * function that holds this many jobs (queued or running) gets {@code ERROR QUEUE_ERROR}. 0 = unlimited.
         * Default {@value #DEFAULT_MAX_QUEUE}.
         */
        public Builder maxQueue(int limit) {
            return maxQueue(limit, limit, limit);
        }

        /** Queue limits per priority of the submit (the admin {@code maxqueue F H N L} as a default); 0 = unlimited. */
        public Builder maxQueue(int high, int normal, int low) {
            maxQueue[0] = Math.max(0, high);
            maxQueue[1] = Math.max(0, normal);
            maxQueue[2] = Math.max(0, low);
            return this;
        }

        /**
         * Bound of the memory all jobs held by the server may take (queued, delayed or running), counted as their
         * unique id and payload plus a fixed overhead per job: beyond it every submit gets {@code ERROR QUEUE_ERROR}
         * until jobs end. 0 = unlimited. Default: {@value #DEFAULT_HEAP_SHARE_PERCENT}% of the JVM's maximum heap.
         */
        public Builder maxQueueBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxQueueBytes must not be negative: " + bytes);
            }
            this.maxQueueBytes = bytes;
            return this;
        }

        /**
         * Bound of the read buffers all connections together hold for packets they are receiving. Buffers grow with
         * the bytes that actually arrive (a header declaring a large body allocates nothing); a connection whose packet
         * would take the total beyond this bound gets {@code ERROR MEMORY_ALLOCATION_FAILURE} and is closed. Default:
         * {@value #DEFAULT_HEAP_SHARE_PERCENT}% of the JVM's maximum heap, at most 256 MiB, and never less than one
         * maximal packet.
         */
        public Builder maxBufferedInput(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBufferedInput must be positive: " + bytes);
            }
            this.maxBufferedInput = bytes;
            return this;
        }

        /**
         * Bytes of replies a connection may leave unread before it is closed; default 64 MiB, and never less than one
         * maximal packet.
         */
        public Builder maxPendingOutput(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxPendingOutput must be positive: " + bytes);
            }
            this.maxPendingOutput = bytes;
            return this;
        }

        /** Forward WORK_EXCEPTION to every client without OPTION_REQ, like gearmand {@code --exceptions}; default off. */
        public Builder exceptions(boolean forwardToAll) {
            this.exceptions = forwardToAll;
            return this;
        }

        /** Job handle prefix, like gearmand {@code --job-handle-prefix}; default {@code H:<hostname>} as gearmand. */
        public Builder jobHandlePrefix(String prefix) {
            if (prefix.isEmpty() || prefix.length() > 32 || prefix.chars().anyMatch(ch -> ch <= ' ' || ch > '~')) {
                throw new IllegalArgumentException("job handle prefix must be 1..32 printable ASCII characters");
            }
            this.jobHandlePrefix = prefix;
            return this;
        }

        /**
         * Whether the admin {@code shutdown} command (unauthenticated, from anyone who reaches the port) stops the
         * server. Default false: it is refused with {@code ERR UNKNOWN_COMMAND}, as gearmand 1.1.15+ refuses it.
         */
        public Builder adminShutdown(boolean allowed) {
            this.adminShutdown = allowed;
            return this;
        }

        /** @return a server with these options, not started yet */
        public EmbeddedGearmanServer build() {
            long pendingBound = maxPendingOutput != null ? maxPendingOutput
                    : DEFAULT_MAX_PENDING_OUTPUT + maxPacketSize + 64;
            long heapShare = Runtime.getRuntime().maxMemory() / 100 * DEFAULT_HEAP_SHARE_PERCENT;
            long queueBound = maxQueueBytes != null ? maxQueueBytes : heapShare;
            // never below one maximal packet (plus a connection's adaptive buffer): it could not be received at all
            long inputBound = Math.max(maxBufferedInput != null ? maxBufferedInput
                    : Math.min(heapShare, 256L * 1024 * 1024), maxPacketSize + 64L * 1024);
            return new EmbeddedGearmanServer(new ServerSettings(host, port, maxPacketSize, jobRetries,
                    maxQueue.clone(), queueBound, inputBound, pendingBound, exceptions,
                    jobHandlePrefix != null ? jobHandlePrefix : "H:" + hostname(), adminShutdown,
                    "gearman-cdi-embedded"));
        }

        private static String hostname() {
            try {
                String name = InetAddress.getLocalHost().getHostName();
                return name.isEmpty() || name.length() > 32 || name.chars().anyMatch(ch -> ch <= ' ' || ch > '~')
                        ? "localhost" : name;
            } catch (IOException e) {
                return "localhost";
            }
        }
    }
}
