package io.gearmancdi.client.internal;

import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.GearmanException;
import io.gearmancdi.GearmanTimeoutException;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobStatus;
import io.gearmancdi.Priority;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketConnection;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.protocol.internal.Backoff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link JobClient} implementation: one {@link ClientConnection} per server, opened on first use, routing by
 * unique id (or round robin), failover and reconnect with back-off, deadlines on one shared timer thread, and
 * resubmission of foreground jobs whose connection was lost while they have retries left.
 */
public final class DefaultJobClient implements JobClient {
    private static final byte[] EMPTY = new byte[0];
    /** How long {@link #close()} waits for the reader threads to end. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ClientOptions options;
    private final List<ServerSlot> slots;
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final DeadlineTimer timer;
    private final Backoff backoff;
    private final Completions completions;
    private volatile boolean closed;

    /** @param options the settings */
    public DefaultJobClient(ClientOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.backoff = new Backoff(options.minBackoff(), options.maxBackoff());
        List<ServerSlot> list = new ArrayList<>();
        for (ServerAddress address : options.servers()) {
            list.add(new ServerSlot(address, options));
        }
        this.slots = List.copyOf(list);
        this.timer = new DeadlineTimer("gearman-client-timer");
        this.completions = new Completions(options.completionExecutor());
    }

    @Override
    public CompletableFuture<byte[]> submit(String function, byte[] payload, SubmitOptions submitOptions) {
        return submit(function, payload, submitOptions, false);
    }

    /** @param inPlace the future stays inside the library (a synchronous call): the reader may complete it */
    private CompletableFuture<byte[]> submit(String function, byte[] payload, SubmitOptions submitOptions,
                                             boolean inPlace) {
        checkFunction(function);
        SubmitOptions o = submitOptions == null ? SubmitOptions.DEFAULTS : submitOptions;
        if (o.runAt() != null) {
            throw new IllegalArgumentException("runAt is for background jobs only (gearmand has no delayed "
                    + "foreground jobs): use submitBackground");
        }
        String unique = o.unique() != null ? o.unique() : randomUnique();
        int retries = o.maxRetries() != null ? o.maxRetries() : options.maxRetries();
        ForegroundJob job = new ForegroundJob(function, unique, payload == null ? EMPTY : payload, o.priority(),
                retries);
        ForegroundJob.Waiter waiter = new ForegroundJob.Waiter(o.listener(), inPlace, completions);
        Duration timeout = o.timeout() != null ? o.timeout() : options.timeout();
        waiter.timeout = timer.schedule(timeout.toNanos(), () -> timedOut(job, waiter, timeout));
        Packet packet = submitPacket(job.function, job.unique, job.payload, job.priority, false);
        try {
            withConnection(route(o.unique()), c -> c.submitForeground(job, waiter, packet));
        } catch (GearmanException e) {
            ClientConnection.cancelTimeout(waiter);
            waiter.future.completeExceptionally(e);
        }
        return waiter.future;
    }

    @Override
    public byte[] call(String function, byte[] payload, SubmitOptions submitOptions) {
        return await(submit(function, payload, submitOptions, true));
    }

    @Override
    public CompletableFuture<JobHandle> submitBackground(String function, byte[] payload, SubmitOptions submitOptions) {
        checkFunction(function);
        SubmitOptions o = submitOptions == null ? SubmitOptions.DEFAULTS : submitOptions;
        String unique = o.unique() != null ? o.unique() : randomUnique();
        int retries = o.maxRetries() != null ? o.maxRetries() : options.maxRetries();
        Request.Background request = new Request.Background(function, unique, payload == null ? EMPTY : payload, o,
                retries);
        Duration bound = o.timeout() != null ? o.timeout() : options.submitTimeout();
        request.timeout = timer.schedule(bound.toNanos(), () -> completions.fail(request.future,
                new GearmanTimeoutException("background job " + function + " (unique " + unique + ") was not queued "
                        + "within " + bound + ": no JOB_CREATED from the server"), false));
        sendBackground(request, route(o.unique()));
        return request.future;
    }

    private void sendBackground(Request.Background request, int start) {
        Packet packet = request.options.runAt() != null
                ? Packet.request(PacketType.SUBMIT_JOB_EPOCH, utf8(request.function), utf8(request.unique),
                        // rounded up to the epoch's whole second: a job may start late, never before runAt
                        utf8(Long.toString(Math.max(0, request.options.runAt().plusNanos(999_999_999)
                                .getEpochSecond()))), request.payload)
                : submitPacket(request.function, request.unique, request.payload, request.options.priority(), true);
        try {
            withConnection(start, c -> c.submitBackground(request, packet));
        } catch (GearmanException e) {
            ClientConnection.cancel(request.timeout);
            completions.fail(request.future, e, false);
        }
    }

    @Override
    public List<CompletableFuture<byte[]>> submitAll(List<JobSpec> jobs) {
        List<CompletableFuture<byte[]>> futures = new ArrayList<>(jobs.size());
        for (JobSpec spec : jobs) {
            futures.add(submit(spec.function(), spec.payload(), spec.options()));
        }
        return futures;
    }

    @Override
    public JobStatus status(JobHandle handle) {
        ServerSlot slot = slotOf(handle);
        Request.Status request = new Request.Status(new CompletableFuture<>(), false);
        Packet packet = Packet.requestText(PacketType.GET_STATUS, handle.handle());
        try {
            slot.connection().requestStatus(request, packet);
        } catch (IOException e) {
            throw new GearmanConnectionException("cannot ask gearman server " + slot.address + " for the status of "
                    + handle + ": " + e.getMessage(), e);
        }
        return awaitStatus(request.future(), "status of " + handle);
    }

    /**
     * Asks for the status before and after the admin {@code cancel job}: gearmand answers {@code OK} for a running job
     * too (it only flags it, the worker goes on), so a job running at either moment is reported as not removed. The
     * check before also spares a running job the flag, which would stop gearmand from requeueing it should its worker
     * die.
     */
    @Override
    public boolean cancel(JobHandle handle) {
        ServerSlot slot = slotOf(handle);
        String h = handle.handle();
        if (h.isEmpty() || h.chars().anyMatch(c -> c <= ' ')) {
            // the admin protocol splits on whitespace: such a handle could only cancel some other job
            throw new IllegalArgumentException("job handle " + handle + " cannot be cancelled: it is empty or contains "
                    + "whitespace");
        }
        JobStatus before = status(handle);
        if (!before.known() || before.running()) {
            return false;
        }
        if (!AdminCancel.cancel(slot.address, h, options.connectTimeout(), options.statusTimeout())) {
            return false; // ran and ended in between
        }
        return !status(handle).running(); // a worker may have grabbed it in between: it runs to its end
    }

    private ServerSlot slotOf(JobHandle handle) {
        Objects.requireNonNull(handle, "handle");
        if (handle.handle() == null) {
            throw new IllegalArgumentException("job handle " + handle + " has no server handle: it was deferred until "
                    + "its transaction commits");
        }
        for (ServerSlot slot : slots) {
            if (slot.address.equals(handle.server())) {
                return slot;
            }
        }
        throw new IllegalArgumentException("job handle " + handle + " belongs to a server this client does not use: "
                + handle.server());
    }

    @Override
    public JobStatus statusByUnique(String unique) {
        Objects.requireNonNull(unique, "unique");
        Request.Status request = new Request.Status(new CompletableFuture<>(), true);
        Packet packet = Packet.requestText(PacketType.GET_STATUS_UNIQUE, unique);
        withConnection(route(unique), c -> c.requestStatus(request, packet));
        return awaitStatus(request.future(), "status of unique " + unique);
    }

    private JobStatus awaitStatus(CompletableFuture<JobStatus> future, String what) {
        try {
            return future.get(options.statusTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new GearmanTimeoutException(what + " did not answer within " + options.statusTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GearmanException("interrupted while waiting for the " + what, e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        completions.close(); // from now on pending futures fail in place, before close() returns
        List<ClientConnection> closing = new ArrayList<>();
        for (ServerSlot slot : slots) {
            ClientConnection c = slot.close();
            if (c != null) {
                closing.add(c);
            }
        }
        timer.close();
        // the readers fail what is pending on their way out: wait for them, so that when close() returns every pending
        // future has failed and no reader thread is left (bounded, in case a completion callback blocks a reader)
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (ClientConnection c : closing) {
            try {
                if (!c.awaitReaderEnd(deadline)) {
                    ClientMessages.readerOutlivedClose(c.address, CLOSE_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---- routing and connections -------------------------------------------------------------------------------

    /** The first server to try: by unique when the caller chose one (equal uniques meet), else round robin. */
    private int route(String unique) {
        int n = slots.size();
        if (n == 1) {
            return 0;
        }
        return unique != null ? Math.floorMod(unique.hashCode(), n) : Math.floorMod(roundRobin.getAndIncrement(), n);
    }

    @FunctionalInterface
    private interface Send {
        void to(ClientConnection connection) throws IOException;
    }

    /**
     * Sends on the first usable server from {@code start} on: servers in back-off are skipped while another is
     * usable; when all are, the one whose back-off ends first is tried anyway.
     */
    private void withConnection(int start, Send send) {
        if (closed) {
            throw new GearmanConnectionException("gearman client is closed");
        }
        int n = slots.size();
        List<String> failures = new ArrayList<>();
        boolean[] tried = new boolean[n];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < n; i++) {
                int index = (start + i) % n;
                ServerSlot slot = slots.get(index);
                if (tried[index] || (pass == 0 && !slot.available())) {
                    continue;
                }
                tried[index] = true;
                try {
                    send.to(slot.connection());
                    return;
                } catch (IOException | GearmanConnectionException e) {
                    failures.add(slot.address + " (" + e.getMessage() + ")");
                }
            }
        }
        throw new GearmanConnectionException("no gearman server reachable; tried " + String.join(", ", failures));
    }

    /** Called by a connection's reader when it dies: retries what may be retried, fails the rest. */
    private void connectionLost(ClientConnection connection, ClientConnection.Lost lost) {
        ServerSlot slot = slots.stream().filter(s -> s.address.equals(connection.address)).findFirst().orElseThrow();
        slot.lost(connection, closed, lost.hung());
        for (ForegroundJob job : lost.jobs()) {
            if (!closed && job.takeRetry()) {
                ClientMessages.resubmitting(job, connection.address);
                job.resetForResubmit();
                resubmit(job, 0);
            } else {
                failAll(job, closed ? new GearmanConnectionException("gearman client closed before " + job
                        + " completed") : ClientConnection.lostError(connection.address, lost.cause(), job.toString()));
            }
        }
        for (Request request : lost.requests()) {
            if (request instanceof Request.Background bg) {
                if (!closed && bg.retriesLeft > 0) {
                    bg.retriesLeft--;
                    sendBackground(bg, route(bg.unique) + 1);
                } else {
                    ClientConnection.cancel(bg.timeout);
                    completions.fail(bg.future, ClientConnection.lostError(connection.address, lost.cause(),
                            "background job " + bg.function + " (unique " + bg.unique + ")"), false);
                }
            } else if (request instanceof Request.Status status) {
                completions.fail(status.future(), ClientConnection.lostError(connection.address, lost.cause(),
                        "a status query"), true);
            }
            // foreground requests are in lost.jobs() too; the OPTION_REQ needs nothing
        }
    }

    /** Resubmits on any server, backing off while none is reachable, until the job's waiters give up. */
    private void resubmit(ForegroundJob job, int attempt) {
        if (closed || !job.hasWaiters()) {
            return;
        }
        Packet packet = submitPacket(job.function, job.unique, job.payload, job.priority, false);
        try {
            withConnection(route(job.unique), c -> c.resubmit(job, packet));
        } catch (GearmanConnectionException e) {
            if (timer.schedule(backoff.delayNanos(attempt + 1), () -> resubmit(job, attempt + 1)) == null) {
                failAll(job, e); // closing
            }
        }
    }

    private void timedOut(ForegroundJob job, ForegroundJob.Waiter waiter, Duration timeout) {
        job.detach(waiter);
        completions.fail(waiter, new GearmanTimeoutException("job " + job.function + " (unique "
                + job.unique + (job.handle() == null ? "" : ", handle " + job.jobHandle()) + ") did not complete within "
                + timeout));
        if (!job.hasWaiters()) {
            for (ServerSlot slot : slots) {
                ClientConnection c = slot.current();
                if (c != null) {
                    c.forget(job);
                }
            }
        }
    }

    private void failAll(ForegroundJob job, GearmanException error) {
        for (ForegroundJob.Waiter waiter : job.drain()) {
            ClientConnection.cancelTimeout(waiter);
            completions.fail(waiter, error);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static Packet submitPacket(String function, String unique, byte[] payload, Priority priority,
                                       boolean background) {
        PacketType type = switch (priority) {
            case HIGH -> background ? PacketType.SUBMIT_JOB_HIGH_BG : PacketType.SUBMIT_JOB_HIGH;
            case NORMAL -> background ? PacketType.SUBMIT_JOB_BG : PacketType.SUBMIT_JOB;
            case LOW -> background ? PacketType.SUBMIT_JOB_LOW_BG : PacketType.SUBMIT_JOB_LOW;
        };
        return Packet.request(type, utf8(function), utf8(unique), payload);
    }

    private void checkFunction(String function) {
        if (closed) {
            throw new GearmanConnectionException("gearman client is closed");
        }
        if (function == null || function.isEmpty() || function.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("function name must be non-empty without NUL: '" + function + "'");
        }
    }

    private static String randomUnique() {
        return UUID.randomUUID().toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] await(CompletableFuture<byte[]> future) {
        try {
            return future.join();
        } catch (CompletionException | CancellationException e) {
            throw rethrow(e.getCause() != null ? e.getCause() : e);
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        return cause instanceof RuntimeException r ? r : new GearmanException(String.valueOf(cause), cause);
    }

    /**
     * One configured server: its live connection, its back-off state and its health. A server whose connection was
     * closed as hung (see {@link ClientConnection}) is unhealthy: no submission is routed to it while another server is
     * usable (a circuit breaker), and once its back-off has passed a probe connection is opened in the background;
     * the first packet that answers on it makes the server healthy again.
     */
    private final class ServerSlot {
        final ServerAddress address;
        private final ClientOptions options;
        private volatile ClientConnection connection;
        private volatile boolean unhealthy;
        private final AtomicBoolean probing = new AtomicBoolean();
        private int failures;
        private volatile long retryAtNanos;
        private boolean down;

        ServerSlot(ServerAddress address, ClientOptions options) {
            this.address = address;
            this.options = options;
        }

        ClientConnection current() {
            return connection;
        }

        /** Lock-free: a probe may hold the monitor for a whole connect timeout, submitters must not wait for it. */
        boolean available() {
            if (unhealthy) {
                probeIfDue();
                return false;
            }
            ClientConnection c = connection;
            return c != null && !c.isDead() || System.nanoTime() - retryAtNanos >= 0;
        }

        /** Opens a probe connection off the caller's thread (a connect may take the connect timeout). */
        private void probeIfDue() {
            if (closed || System.nanoTime() - retryAtNanos < 0 || !probing.compareAndSet(false, true)) {
                return;
            }
            Thread probe = new Thread(() -> {
                try {
                    connection();
                } catch (IOException | GearmanConnectionException e) {
                    probing.set(false); // connection() has counted the failure and set the next back-off
                }
            }, "gearman-client-probe-" + address);
            probe.setDaemon(true);
            probe.start();
        }

        /** The first packet arrived on a connection: the server answers. */
        void answered(ClientConnection c) {
            if (unhealthy) {
                synchronized (this) {
                    if (unhealthy && connection == c) {
                        unhealthy = false;
                        probing.set(false);
                        failures = 0;
                        ClientMessages.answeringAgain(address);
                    }
                }
            }
        }

        /** @return the live connection, opening one if needed */
        ClientConnection connection() throws IOException {
            ClientConnection c = connection;
            if (c != null && !c.isDead()) {
                return c;
            }
            synchronized (this) {
                c = connection;
                if (c != null && !c.isDead()) {
                    return c;
                }
                if (closed) {
                    throw new IOException("client is closed");
                }
                try {
                    PacketConnection raw = PacketConnection.open(address, options.connectTimeout(),
                            options.maxPacketSize());
                    c = new ClientConnection(raw, DefaultJobClient.this::connectionLost, this::answered,
                            completions, timer, options.heartbeatInterval(), options.heartbeatTimeout());
                    c.open(options.clientId());
                } catch (GearmanConnectionException | IOException e) {
                    failed(e);
                    throw e;
                }
                connection = c;
                if (down) {
                    ClientMessages.reachableAgain(address);
                }
                down = false;
                if (!unhealthy) {
                    failures = 0; // a hung server keeps its count until it answers
                }
                return c;
            }
        }

        private void failed(Exception e) {
            failures++;
            retryAtNanos = System.nanoTime() + backoff.delayNanos(failures); // jittered: clients do not align
            if (!down) {
                down = true;
                ClientMessages.cannotReach(address, e.getMessage());
            }
        }

        synchronized void lost(ClientConnection c, boolean clientClosed, boolean hung) {
            if (connection != c || clientClosed) {
                return;
            }
            connection = null;
            if (hung || unhealthy) {
                // open the circuit (or keep it open when a probe failed): no new submissions until a probe is answered
                unhealthy = true;
                probing.set(false);
                failures++;
                retryAtNanos = System.nanoTime() + backoff.delayNanos(failures);
            } else {
                ClientMessages.lostConnection(address);
            }
        }

        /** @return the connection it closed, if any */
        synchronized ClientConnection close() {
            ClientConnection c = connection;
            if (c != null) {
                c.close();
            }
            return c;
        }
    }
}
