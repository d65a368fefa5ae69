package io.gearmancdi.client.internal;

import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.GearmanJobException;
import io.gearmancdi.GearmanJobFailedException;
import io.gearmancdi.GearmanProtocolException;
import io.gearmancdi.GearmanServerException;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobStatus;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.ExceptionPayload;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketConnection;
import io.gearmancdi.protocol.PacketType;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One client connection to one server: the socket, its reader thread, the FIFO of requests awaiting in-order
 * replies, and the foreground jobs it carries (by handle, and by function + unique for local coalescing).
 *
 * <p><b>Concurrency.</b> Submitters enqueue and write under {@link #lock}, so FIFO order equals wire order. The single
 * reader thread polls the FIFO and settles requests without holding any lock; the futures of applications are completed
 * and their {@link io.gearmancdi.JobListener}s called through {@link Completions}, never on the reader. When the
 * connection dies, {@link #dead} is set under the same lock, so no request is enqueued after the FIFO has been
 * drained.
 *
 * <p><b>Heartbeat.</b> A watchdog on the client's timer checks the connection every half heartbeat period: when
 * nothing has arrived for the heartbeat interval it sends {@code ECHO_REQ}; when a request or that probe has waited
 * the heartbeat timeout without any packet arriving, the server is hung (a frozen process still accepts and buffers
 * our writes, so only the silence shows it): the connection is closed and reported as {@linkplain Lost#hung() hung}.
 */
final class ClientConnection {
    final ServerAddress address;
    private final PacketConnection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Request> awaitingReply = new ConcurrentLinkedQueue<>();
    private final Map<String, ForegroundJob> byHandle = new ConcurrentHashMap<>();
    /** Exception-shaped {@code WORK_WARNING}s by handle, kept until the job's {@code WORK_FAIL}. */
    private final Map<String, ExceptionPayload> failureDetails = new ConcurrentHashMap<>();
    private final Map<ForegroundJob.Key, ForegroundJob> byKey = new ConcurrentHashMap<>();
    private final BiConsumer<ClientConnection, Lost> onLost;
    private final Consumer<ClientConnection> onFirstReply;
    private final Completions completions;
    private final DeadlineTimer timer;
    private final long heartbeatInterval;
    private final long heartbeatTimeout;
    private volatile Thread reader;
    private volatile boolean dead;
    private volatile boolean warnedNoExceptions;
    private volatile long packetsRead; // written by the reader only; read by the watchdog
    private boolean answered;          // reader only: whether any packet arrived yet
    private volatile IOException hung; // set by the watchdog before it closes the socket
    // watchdog state, timer thread only
    private long seenPackets = -1;
    private long quietSince;
    private long waitingSince;
    private boolean echoPending;

    /**
     * What was pending when the connection died, for the client to retry or fail.
     *
     * @param hung whether the watchdog closed it because the server stopped answering
     */
    record Lost(List<Request> requests, List<ForegroundJob> jobs, Throwable cause, boolean hung) {
    }

    /**
     * @param onLost       called once by the reader when the connection has died, with what was pending on it
     * @param onFirstReply called once by the reader when the first packet arrives (the server answers)
     */
    ClientConnection(PacketConnection connection, BiConsumer<ClientConnection, Lost> onLost,
                     Consumer<ClientConnection> onFirstReply, Completions completions, DeadlineTimer timer,
                     Duration heartbeatInterval, Duration heartbeatTimeout) {
        this.address = connection.address();
        this.connection = connection;
        this.onLost = onLost;
        this.onFirstReply = onFirstReply;
        this.completions = completions;
        this.timer = timer;
        this.heartbeatInterval = heartbeatInterval.toNanos();
        this.heartbeatTimeout = heartbeatTimeout.toNanos();
    }

    /** Sends the connection's opening packets and starts the reader. */
    void open(String clientId) throws IOException {
        Thread reader = new Thread(this::readLoop, "gearman-client-reader-" + address);
        reader.setDaemon(true);
        this.reader = reader;
        lock.lock();
        try {
            if (clientId != null) {
                connection.send(Packet.requestText(PacketType.SET_CLIENT_ID, clientId));
            }
            awaitingReply.add(new Request.Option());
            connection.send(Packet.requestText(PacketType.OPTION_REQ, "exceptions"));
        } finally {
            lock.unlock();
        }
        reader.start();
        scheduleWatchdog();
    }

    // ---- heartbeat ------------------------------------------------------------------------------------------------

    private void scheduleWatchdog() {
        long period = Math.max(1_000_000L, Math.min(heartbeatInterval, heartbeatTimeout) / 2);
        if (!dead && !connection.isClosed()) {
            timer.schedule(period, this::watch);
        }
    }

    /** On the timer thread: must not block (see {@link #sendEcho()}). */
    private void watch() {
        if (dead || connection.isClosed()) {
            return;
        }
        long now = System.nanoTime();
        long read = packetsRead;
        if (read != seenPackets) {
            seenPackets = read;
            quietSince = now;
            waitingSince = 0;
            echoPending = false;
        }
        boolean awaiting = echoPending || !awaitingReply.isEmpty();
        if (!awaiting) {
            waitingSince = 0;
        } else if (waitingSince == 0) {
            waitingSince = now;
        } else if (now - waitingSince >= heartbeatTimeout) {
            Duration silent = Duration.ofNanos(now - quietSince);
            ClientMessages.serverNotAnswering(address, silent);
            hung = new IOException("gearman server " + address + " did not answer for " + silent
                    + " (hung: heartbeat timeout " + Duration.ofNanos(heartbeatTimeout) + ")");
            connection.close(); // the reader fails, and hands everything pending back as hung
            return;
        }
        if (!echoPending && now - quietSince >= heartbeatInterval && awaitingReply.isEmpty()) {
            sendEcho();
            echoPending = true;
            waitingSince = now;
        }
        scheduleWatchdog();
    }

    /**
     * Sends the probe, unless a submitter is writing right now (then data is flowing anyway). It cannot block the
     * timer for long: it is sent only when no request is unanswered, so the server has read everything sent before,
     * and the socket's send buffer is empty.
     */
    private void sendEcho() {
        if (lock.tryLock()) {
            try {
                if (!dead) {
                    connection.send(Packet.requestText(PacketType.ECHO_REQ, "heartbeat"));
                }
            } catch (IOException e) {
                connection.close(); // the reader sees it
            } finally {
                lock.unlock();
            }
        }
    }

    boolean isDead() {
        return dead;
    }

    /**
     * Submits a foreground job, or attaches the waiter to the same job already pending on this connection.
     *
     * @throws IOException if the connection is dead or the write fails (the caller then tries elsewhere)
     */
    void submitForeground(ForegroundJob job, ForegroundJob.Waiter waiter, Packet packet) throws IOException {
        lock.lock();
        try {
            if (dead) {
                throw new IOException("connection to " + address + " is closed");
            }
            ForegroundJob existing = byKey.get(job.key);
            if (existing != null && existing.attach(waiter)) {
                return;
            }
            job.attach(waiter);
            byKey.put(job.key, job);
            Request request = new Request.Foreground(job);
            awaitingReply.add(request);
            try {
                write(packet);
            } catch (IOException e) {
                undo(request, job);
                job.detach(waiter); // the caller tries the next server with the same waiter
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Resubmits a job whose waiters are already attached (after its first connection was lost). */
    void resubmit(ForegroundJob job, Packet packet) throws IOException {
        enqueue(new Request.Foreground(job), packet, job);
    }

    void submitBackground(Request.Background request, Packet packet) throws IOException {
        enqueue(request, packet, null);
    }

    void requestStatus(Request.Status request, Packet packet) throws IOException {
        enqueue(request, packet, null);
    }

    private void enqueue(Request request, Packet packet, ForegroundJob job) throws IOException {
        lock.lock();
        try {
            if (dead) {
                throw new IOException("connection to " + address + " is closed");
            }
            if (job != null) {
                byKey.put(job.key, job);
            }
            awaitingReply.add(request);
            try {
                write(packet);
            } catch (IOException e) {
                undo(request, job);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes back a request whose write failed, so that it is not also handed back by the dying reader: the caller
     * tries another server (or backs off) with it.
     */
    private void undo(Request request, ForegroundJob job) {
        awaitingReply.remove(request);
        if (job != null) {
            byKey.remove(job.key, job);
        }
    }

    /**
     * Writes a packet. On the reader thread (a submit from a completion callback) the flush is deferred until the
     * reader has dispatched every reply already received: with many jobs in flight, the submits triggered by one batch
     * of replies leave in one write. Other threads flush at once.
     */
    private void write(Packet packet) throws IOException {
        try {
            if (Thread.currentThread() == reader) {
                connection.sendDeferred(packet);
            } else {
                connection.send(packet);
            }
        } catch (IOException e) {
            connection.close(); // the reader sees it and hands everything pending back to the client
            throw e;
        }
    }

    /** Forgets a job whose waiters all gave up (timeout); a late result is then ignored. */
    void forget(ForegroundJob job) {
        byKey.remove(job.key, job);
        String handle = job.handle();
        if (handle != null) {
            byHandle.remove(handle, job);
        }
    }

    void close() {
        connection.close();
    }

    /**
     * Waits until the reader thread has ended: on its way out it hands everything still pending to the client, which
     * fails it. Returns at once when called on the reader itself (a completion callback that closes the client).
     *
     * @return whether the reader has ended by the deadline
     */
    boolean awaitReaderEnd(long deadlineNanos) throws InterruptedException {
        Thread r = reader;
        if (r == null || r == Thread.currentThread()) {
            return true;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.timedJoin(r, left);
        }
        return !r.isAlive();
    }

    private void readLoop() {
        Throwable cause = null;
        try {
            while (true) {
                Packet packet = connection.read();
                packetsRead++;
                if (!answered) {
                    answered = true;
                    onFirstReply.accept(this);
                }
                dispatch(packet);
            }
        } catch (IOException e) {
            cause = hung != null ? hung : e;
        } catch (GearmanProtocolException e) {
            ClientMessages.closingAfterProtocolError(address, e.getMessage());
            cause = e;
        } catch (RuntimeException | Error e) {
            // an Error too (an OutOfMemoryError while reading one huge result, say): this connection is done for,
            // but what is pending on it must still be retried or failed and the server reconnected, or the client
            // would keep a closed connection that it never replaces
            ClientMessages.readerFailed(address, e);
            cause = e;
        } finally {
            connection.close();
        }
        Lost lost;
        lock.lock();
        try {
            dead = true;
            List<Request> requests = new ArrayList<>(awaitingReply);
            awaitingReply.clear();
            List<ForegroundJob> jobs = new ArrayList<>(byKey.values());
            byKey.clear();
            byHandle.clear();
            failureDetails.clear();
            lost = new Lost(requests, jobs, cause, hung != null);
        } finally {
            lock.unlock();
        }
        onLost.accept(this, lost);
    }

    private void dispatch(Packet packet) {
        switch (packet.type()) {
            case JOB_CREATED -> jobCreated(packet);
            case WORK_COMPLETE, WORK_FAIL, WORK_EXCEPTION -> finished(packet);
            case WORK_STATUS -> progress(packet);
            case WORK_DATA, WORK_WARNING -> partial(packet);
            case STATUS_RES, STATUS_RES_UNIQUE -> statusReply(packet);
            case OPTION_RES -> expect(Request.Option.class, packet);
            case ERROR -> error(packet);
            case ECHO_RES, NOOP -> {
                // never requested by this client; harmless
            }
            default -> throw new GearmanProtocolException("unexpected " + packet.type() + " from " + address);
        }
    }

    private Request nextAwaiting(Packet packet) {
        Request request = awaitingReply.poll();
        if (request == null) {
            throw new GearmanProtocolException(packet.type() + " from " + address + " answers no request");
        }
        return request;
    }

    private <R extends Request> R expect(Class<R> type, Packet packet) {
        Request request = nextAwaiting(packet);
        if (!type.isInstance(request)) {
            throw outOfStep(request, packet.type() + " from " + address + " does not answer "
                    + request.getClass().getSimpleName());
        }
        return type.cast(request);
    }

    /**
     * A reply that does not fit the request it was matched to: the stream is out of step. The request goes back to the
     * queue so that it is settled (retried or failed) with everything else when the connection closes.
     */
    private GearmanProtocolException outOfStep(Request request, String message) {
        awaitingReply.add(request);
        return new GearmanProtocolException(message);
    }

    private void jobCreated(Packet packet) {
        String handle = handleOf(packet);
        Request request = nextAwaiting(packet);
        if (request instanceof Request.Foreground fg) {
            ForegroundJob job = fg.job();
            job.created(address, handle);
            JobHandle created = job.jobHandle();
            for (ForegroundJob.Waiter waiter : job.snapshot()) {
                if (waiter.lane != null) {
                    completions.listen(waiter, PacketType.JOB_CREATED, job, () -> waiter.listener.onCreated(created));
                }
            }
            if (job.hasWaiters()) {
                byHandle.put(handle, job);
            } else {
                byKey.remove(job.key, job); // every caller timed out before the server answered
            }
        } else if (request instanceof Request.Background bg) {
            cancel(bg.timeout);
            completions.complete(bg.future, new JobHandle(address, handle, bg.unique), false);
        } else {
            throw outOfStep(request, "JOB_CREATED from " + address + " answers " + request.getClass().getSimpleName());
        }
    }

    /** A job's final packet: {@code WORK_COMPLETE}, {@code WORK_FAIL} or {@code WORK_EXCEPTION}. */
    private void finished(Packet packet) {
        String handle = handleOf(packet);
        ExceptionPayload details = failureDetails.isEmpty() ? null : failureDetails.remove(handle);
        ForegroundJob job = byHandle.remove(handle);
        if (job == null) {
            return; // a job whose callers gave up, or a duplicate of a coalesced job
        }
        boolean completed = packet.type() == PacketType.WORK_COMPLETE;
        ExceptionPayload remote = completed ? null : exceptionOf(packet, details);
        byKey.remove(job.key, job);
        for (ForegroundJob.Waiter waiter : job.drain()) {
            cancelTimeout(waiter);
            if (completed) {
                completions.complete(waiter, packet.data());
            } else if (remote == null) {
                completions.fail(waiter, new GearmanJobFailedException("job " + job.function + " ("
                        + job.jobHandle() + ") failed (WORK_FAIL)", job.function, job.jobHandle()));
            } else {
                completions.fail(waiter, new GearmanJobException(job.function, job.jobHandle(),
                        remote.type(), remote.message()));
            }
        }
    }

    /** @return the exception a failed job reported, or {@code null} for a plain {@code WORK_FAIL} */
    private static ExceptionPayload exceptionOf(Packet packet, ExceptionPayload details) {
        if (details != null) {
            return details; // our workers send it as a WORK_WARNING ahead of WORK_FAIL, which every server forwards
        }
        return packet.type() == PacketType.WORK_EXCEPTION ? ExceptionPayload.decode(packet.data()) : null;
    }

    private void progress(Packet packet) {
        ForegroundJob job = byHandle.get(handleOf(packet));
        if (job == null) {
            return;
        }
        long numerator = packet.number(1);
        long denominator = packet.number(2);
        JobHandle handle = job.jobHandle();
        for (ForegroundJob.Waiter waiter : job.snapshot()) {
            if (waiter.lane != null) {
                completions.listen(waiter, PacketType.WORK_STATUS, job,
                        () -> waiter.listener.onStatus(handle, numerator, denominator));
            }
        }
    }

    private void partial(Packet packet) {
        ForegroundJob job = byHandle.get(handleOf(packet));
        if (job == null) {
            return;
        }
        boolean warning = packet.type() == PacketType.WORK_WARNING;
        if (warning) {
            ExceptionPayload details = ExceptionPayload.decodeFailure(packet.data());
            if (details != null) {
                failureDetails.put(handleOf(packet), details); // the job's failure, told before its WORK_FAIL
                return;
            }
        }
        JobHandle handle = job.jobHandle();
        byte[] data = packet.data();
        for (ForegroundJob.Waiter waiter : job.snapshot()) {
            if (waiter.lane != null) {
                completions.listen(waiter, packet.type(), job, warning
                        ? () -> waiter.listener.onWarning(handle, data)
                        : () -> waiter.listener.onData(handle, data));
            }
        }
    }

    private void statusReply(Packet packet) {
        Request.Status request = expect(Request.Status.class, packet);
        boolean byUnique = packet.type() == PacketType.STATUS_RES_UNIQUE;
        if (request.byUnique() != byUnique) {
            throw outOfStep(request, packet.type() + " from " + address + " answers the wrong status query");
        }
        request.future().complete(new JobStatus(packet.number(1) != 0, packet.number(2) != 0, packet.number(3),
                packet.number(4), byUnique ? (int) packet.number(5) : -1));
    }

    private void error(Packet packet) {
        String code = packet.text(0);
        String text = packet.text(1);
        Request request = awaitingReply.poll();
        if (request == null) {
            ClientMessages.unexpectedError(address, code, text);
            return;
        }
        GearmanServerException error = new GearmanServerException(code, text, address);
        if (request instanceof Request.Foreground fg) {
            ForegroundJob job = fg.job();
            byKey.remove(job.key, job);
            for (ForegroundJob.Waiter waiter : job.drain()) {
                cancelTimeout(waiter);
                completions.fail(waiter, error);
            }
        } else if (request instanceof Request.Background bg) {
            cancel(bg.timeout);
            completions.fail(bg.future, error, false);
        } else if (request instanceof Request.Status status) {
            status.future().completeExceptionally(error);
        } else if (!warnedNoExceptions) {
            warnedNoExceptions = true;
            ClientMessages.exceptionsOptionRefused(address, code);
        }
    }

    static void cancelTimeout(ForegroundJob.Waiter waiter) {
        cancel(waiter.timeout);
    }

    static void cancel(DeadlineTimer.Entry timeout) {
        if (timeout != null) {
            timeout.cancel();
        }
    }

    /** gearmand 1.1.20 ends the handle of a WORK_FAIL it sends instead of WORK_EXCEPTION with a NUL byte. */
    private static String handleOf(Packet packet) {
        String handle = packet.text(0);
        int end = handle.length();
        while (end > 0 && handle.charAt(end - 1) == '\0') {
            end--;
        }
        return end == handle.length() ? handle : handle.substring(0, end);
    }

    /** Fails what could not be retried. */
    static GearmanConnectionException lostError(ServerAddress address, Throwable cause, String what) {
        return new GearmanConnectionException("connection to gearman server " + address + " lost before " + what
                + " completed; its outcome is unknown" + (cause == null ? "" : " (" + (cause instanceof Error
                ? cause.toString() : cause.getMessage()) + ")"), cause);
    }

    @Override
    public String toString() {
        return "ClientConnection[" + address + "]";
    }
}
