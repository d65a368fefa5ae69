package io.gearmancdi.worker.internal;

import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.GearmanException;
import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.GearmanProtocolException;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.ExceptionPayload;
import io.gearmancdi.protocol.OversizedPacketException;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketConnection;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.worker.AttemptOutcome;
import io.gearmancdi.worker.RetryPolicy;
import io.gearmancdi.worker.WorkerConnection;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One worker connection to one server: connect, register, then grab and run one job at a time, reconnecting with
 * back-off when the connection is lost, until the worker shuts down.
 *
 * <p><b>Concurrency.</b> {@link #run()} runs on one thread (own or the caller's executor), which is the only reader of
 * the connection and runs the functions. The shutdown talks to the loop through {@link #stopGrabbing()} and
 * {@link #abandon()}, which close the connection to wake a blocked read; the {@code lock} makes "is a job in flight?"
 * and "take a job" mutually exclusive with them.
 */
final class ConnectionLoop implements Runnable {
    private static final Packet GRAB = Packet.request(PacketType.GRAB_JOB_UNIQ);
    private static final Packet PRE_SLEEP = Packet.request(PacketType.PRE_SLEEP);
    private static final byte[] EMPTY = new byte[0];
    private static final Set<PacketType> ASSIGNMENTS = Set.of(PacketType.JOB_ASSIGN,
            PacketType.JOB_ASSIGN_UNIQ);
    private static final byte[] FENCE = "fence".getBytes(StandardCharsets.US_ASCII);
    /** Slack on every progress bound, for scheduling delays and GC pauses. */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DefaultGearmanWorker worker;
    private final ServerAddress server;
    private final ServerHealth health;
    private final String name;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object lock = new Object();

    // guarded by lock
    private boolean started;
    private PacketConnection connection;
    private RunningJob current;

    /** Consecutive failed connection attempts, reset once registered: drives the back-off. */
    private int attempt;
    /** Submits background retries and asks for job kinds; opened on first need, used by the loop thread only. */
    private PacketConnection side;

    // liveness, written by the loop thread only, read by snapshot(): what it does and by when it must make progress
    private volatile WorkerConnection.State state = WorkerConnection.State.CONNECTING;
    private volatile String activity = "waiting for a thread to run on";
    private volatile String busyFunction;
    private volatile long progressDeadline; // System.nanoTime(); Long.MAX_VALUE: no bound

    ConnectionLoop(DefaultGearmanWorker worker, ServerAddress server, ServerHealth health, String name) {
        this.worker = worker;
        this.server = server;
        this.health = health;
        this.name = name;
        // an executor that never runs this loop (starved) is a wedge too
        this.progressDeadline = System.nanoTime() + worker.options().connectTimeout().toNanos() + GRACE_NANOS;
    }

    /**
     * Records progress: the loop is about to wait for something that ends within {@code boundNanos} (or never, for
     * {@code Long.MAX_VALUE}: a job without a time limit).
     */
    private void expect(WorkerConnection.State next, String what, long boundNanos) {
        state = next;
        activity = what;
        progressDeadline = boundNanos == Long.MAX_VALUE ? Long.MAX_VALUE
                : System.nanoTime() + boundNanos + GRACE_NANOS;
    }

    /** @param now {@link System#nanoTime()} */
    WorkerConnection snapshot(long now) {
        WorkerConnection.State s = state;
        String what = activity;
        String function = s == WorkerConnection.State.BUSY ? busyFunction : null;
        long deadline = progressDeadline;
        long overdue = s == WorkerConnection.State.STOPPED || deadline == Long.MAX_VALUE ? 0
                : Math.max(0, now - deadline);
        if (function != null) {
            what = what + " of function '" + function + "'";
        }
        return new WorkerConnection(name, server, s, function, what, Duration.ofNanos(overdue));
    }

    String name() {
        return name;
    }

    @Override
    public void run() {
        synchronized (lock) {
            if (worker.isStopping()) {
                finished.countDown();
                return; // shut down before the executor got round to this loop
            }
            started = true;
        }
        try {
            loop();
        } catch (RuntimeException | Error e) { // NOSONAR: a loop that dies must say so, whatever killed it
            WorkerMessages.loopFailed(this, e);
            worker.fatal(e);
        } finally {
            synchronized (lock) {
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
                current = null;
            }
            closeSideConnection();
            state = WorkerConnection.State.STOPPED;
            progressDeadline = Long.MAX_VALUE;
            health.ended(this);
            finished.countDown();
        }
    }

    private void loop() {
        while (!worker.isStopping()) {
            if (Thread.currentThread().isInterrupted()) {
                WorkerMessages.loopInterrupted(this);
                return;
            }
            PacketConnection c;
            expect(WorkerConnection.State.CONNECTING, "connecting", worker.options().connectTimeout().toNanos());
            try {
                c = PacketConnection.open(server, worker.options().connectTimeout(), worker.options().maxPacketSize());
            } catch (GearmanException e) {
                if (worker.isStopping()) {
                    return;
                }
                health.failed(this, false, e);
                if (!backOff()) {
                    return;
                }
                continue;
            }
            synchronized (lock) {
                if (worker.isStopping()) {
                    c.close();
                    return;
                }
                connection = c;
            }
            c.skipOversized(ASSIGNMENTS);
            boolean keepGoing;
            try {
                expect(WorkerConnection.State.CONNECTING, "registering its functions",
                        worker.options().replyTimeout().toNanos());
                c.sendAll(worker.registration());
                keepGoing = serve(c);
            } catch (IOException | GearmanException e) {
                if (worker.isStopping()) {
                    return;
                }
                health.failed(this, true, e);
                keepGoing = true;
            } catch (OutOfMemoryError e) {
                // a packet too big for this heap (the connection's buffers are gone with it): drop the connection, so
                // that the server requeues the job, and connect again, unless memory keeps running out
                if (worker.isStopping() || !worker.survives(e, null)) {
                    return;
                }
                health.failed(this, true, new GearmanConnectionException("out of memory while reading from " + server
                        + ": " + e.getMessage(), e));
                keepGoing = true;
            } finally {
                synchronized (lock) {
                    connection = null;
                }
                c.close();
            }
            if (!keepGoing || !backOff()) {
                return;
            }
        }
    }

    /**
     * Serves one connection: registration and the first {@code GRAB_JOB_UNIQ} have been sent.
     *
     * <p>Every wait is bounded: asleep after {@code PRE_SLEEP}, by the poll interval, after which the connection asks
     * again (gearmand 1.1.20 does not announce due epoch jobs, and the re-poll doubles as a heartbeat); waiting for the
     * reply to a request, by the reply timeout, after which the server is presumed dead (frozen, or a route silently
     * dropped) and the connection is closed and opened again. After every reply the connection has either a request
     * in flight or is asleep with a re-poll due: it is never left idle without one.
     *
     * @return {@code false} to stop the loop, {@code true} to reconnect
     */
    private boolean serve(PacketConnection c) throws IOException {
        Session session = new Session(c);
        while (true) {
            Packet packet;
            try {
                packet = session.read();
            } catch (OversizedPacketException e) {
                // a job too big for this worker: fail it (the server would otherwise give it to the next worker, and
                // the next, forever); its body is discarded as it arrives, never allocated
                session.answered();
                if (!failOversized(session, e)) {
                    return false;
                }
                continue;
            } catch (SocketTimeoutException e) {
                if (!session.sleeping) {
                    throw new GearmanConnectionException("gearman server " + server + " sent no reply within "
                            + worker.options().replyTimeout().toMillis() + " ms; presuming it dead (worker connection "
                            + name + ")", e);
                }
                session.poll(); // poll interval passed without a NOOP: ask anyway
                continue;
            }
            if (!session.registered) {
                session.registered = true;
                attempt = 0;
                health.connected(this);
            }
            switch (packet.type()) {
                case JOB_ASSIGN_UNIQ, JOB_ASSIGN -> {
                    session.answered();
                    if (!runJob(session, packet)) {
                        return false;
                    }
                }
                case NO_JOB -> {
                    session.answered();
                    if (worker.isStopping()) {
                        return false;
                    }
                    if (session.grabsInFlight == 0) {
                        session.sleep();
                    } // else: the answer to another GRAB still on its way decides
                }
                case NOOP -> {
                    if (session.sleeping) {
                        session.poll();
                    } // else: a wake-up that crossed our GRAB; its reply is on its way
                }
                case ERROR -> session.error(packet);
                case ECHO_RES -> session.fenceReturned();
                default -> throw new GearmanProtocolException("unexpected " + packet.type()
                        + " from gearman server " + server + " on worker connection " + name);
            }
        }
    }

    /**
     * What one connection knows about its server and its requests in flight. Only the loop thread uses it.
     *
     * <p>An {@code ERROR} reply does not say which request it answers: it may refuse a {@code GRAB} (the Perl
     * {@code Gearman::Server} does not know {@code GRAB_JOB_UNIQ}) or a job update (a {@code WORK_*} for a job the
     * server no longer knows). So on an {@code ERROR} while a {@code GRAB} is in flight the connection sends an
     * {@code ECHO_REQ} as a fence: when its {@code ECHO_RES} comes back, every earlier request has been answered, and
     * a {@code GRAB} still unanswered must have drawn the {@code ERROR}.
     */
    private final class Session {
        private final PacketConnection connection;
        private Packet grab = GRAB;
        private boolean originalProtocol;
        private int grabsInFlight = 1; // the registration ends with a GRAB_JOB_UNIQ
        private boolean sleeping;
        private boolean fenceInFlight;
        private int grabsBeforeFence; // GRABs unanswered when the fence was sent
        private boolean registered;
        private Duration readTimeout;

        Session(PacketConnection connection) {
            this.connection = connection;
        }

        Packet read() throws IOException {
            Duration wanted = sleeping ? worker.options().pollInterval() : worker.options().replyTimeout();
            expect(registered ? WorkerConnection.State.IDLE : WorkerConnection.State.CONNECTING,
                    sleeping ? "asleep until a NOOP or the next re-poll" : "waiting for a reply from the server",
                    wanted.toNanos());
            if (!wanted.equals(readTimeout)) {
                connection.readTimeout(wanted);
                readTimeout = wanted;
            }
            return connection.read();
        }

        /** Sends a {@code GRAB}: after a wake-up, or when the poll interval passed. */
        void poll() throws IOException {
            sleeping = false;
            send(grab);
        }

        void send(Packet request) throws IOException {
            connection.send(request);
            grabsInFlight++;
        }

        /** The list of packets that ends a job, followed by the next {@code GRAB}, in one write. */
        void sendWithGrab(List<Packet> packets) throws IOException {
            List<Packet> all = new ArrayList<>(packets.size() + 1);
            all.addAll(packets);
            all.add(grab);
            connection.sendAll(all);
            grabsInFlight++;
        }

        /** A {@code GRAB} was answered with a job or {@code NO_JOB}. */
        void answered() {
            sleeping = false;
            if (grabsInFlight > 0) {
                grabsInFlight--;
            }
            if (grabsBeforeFence > 0) {
                grabsBeforeFence--; // replies come in order: this answered one of the GRABs sent before the fence
            }
        }

        void sleep() throws IOException {
            connection.send(PRE_SLEEP);
            sleeping = true;
        }

        void error(Packet packet) throws IOException {
            WorkerMessages.serverError(server, packet.text(0), packet.text(1), ConnectionLoop.this);
            if (grabsInFlight > 0 && !fenceInFlight) {
                fenceInFlight = true;
                grabsBeforeFence = grabsInFlight;
                connection.send(Packet.request(PacketType.ECHO_REQ, FENCE));
            }
        }

        void fenceReturned() throws IOException {
            if (!fenceInFlight) {
                return; // not ours to interpret
            }
            fenceInFlight = false;
            int refused = grabsBeforeFence;
            grabsBeforeFence = 0;
            if (refused == 0) {
                return; // the ERROR answered something else: every GRAB before the fence got its reply
            }
            grabsInFlight = Math.max(0, grabsInFlight - refused);
            boolean fallBack = !originalProtocol;
            if (fallBack) {
                // a server of the original protocol: it assigns with JOB_ASSIGN and understands other failure packets
                originalProtocol = true;
                grab = Packet.request(PacketType.GRAB_JOB);
                WorkerMessages.grabUniqRefused(server, ConnectionLoop.this);
            }
            if (grabsInFlight > 0) {
                return; // a later GRAB is still to be answered
            }
            if (fallBack) {
                poll();
            } else {
                sleeping = true; // even GRAB_JOB refused: ask again after the poll interval, not in a tight loop
            }
        }
    }

    /**
     * Runs one assigned job, with its retries in place, and sends its outcome, followed by the next {@code GRAB} in the
     * same flush.
     *
     * @return {@code false} if the loop must stop (shutdown, interrupt, an error the worker cannot survive)
     */
    private boolean runJob(Session session, Packet assignment) throws IOException {
        PacketConnection c = session.connection;
        boolean withUnique = assignment.type() == PacketType.JOB_ASSIGN_UNIQ;
        Registration registration = worker.function(assignment.text(1));
        RetryPolicy policy = registration == null ? RetryPolicy.NONE : registration.retry();
        int attempt = 1;
        Throwable markError = null;
        if (policy.attemptCodec() != null) {
            try {
                attempt = Math.max(1, policy.attemptCodec().attempt(assignment.argument(withUnique ? 3 : 2)));
            } catch (RuntimeException e) { // NOSONAR: a malformed mark fails this job only
                markError = e instanceof GearmanPayloadException ? e : new GearmanPayloadException(String.valueOf(
                        e.getMessage()), e);
            }
        }
        while (true) {
            RunningJob job = new RunningJob(worker, c, assignment, Thread.currentThread(), session.originalProtocol,
                    attempt, policy);
            synchronized (lock) {
                if (worker.isStopping()) {
                    // not started (or between attempts): closing the connection hands it back to the server
                    WorkerMessages.assignedDuringShutdown(job);
                    current = null;
                    return false;
                }
                current = job;
            }
            busyFunction = job.function();
            expect(WorkerConnection.State.BUSY, "running a job", registration == null
                    || registration.timeout() == null ? Long.MAX_VALUE : registration.timeout().toNanos());
            ScheduledFuture<?> timer = null;
            byte[] result = null;
            Throwable failure = markError;
            long started = System.nanoTime();
            if (failure == null) {
                try {
                    if (registration == null) {
                        failure = new IllegalStateException("function '" + job.function()
                                + "' is not registered on this worker");
                    } else {
                        if (registration.timeout() != null) {
                            timer = worker.timer().schedule(() -> job.timeOut(registration.timeout()),
                                    registration.timeout().toNanos(), TimeUnit.NANOSECONDS);
                        }
                        result = registration.code().run(job);
                    }
                } catch (Throwable t) { // NOSONAR: every failure of user code, Errors included, fails the job only
                    failure = t;
                }
            }
            if (timer != null) {
                timer.cancel(false);
            }
            boolean owner = job.finish();
            long ran = System.nanoTime() - started;
            expect(WorkerConnection.State.BUSY, "sending a job's outcome", worker.options().replyTimeout().toNanos());
            if (job.interruptedThread()) {
                Thread.interrupted(); // our own interrupt (timeout or shutdown), not a request to stop the loop
            }
            if (owner && job.retryableTimeout() != null) {
                failure = job.retryableTimeout(); // whatever the interrupted function did afterwards
                result = null;
            }
            boolean survivable = failure == null || worker.survives(failure, job);
            boolean retry = owner && failure != null && survivable && policy.retries(failure, attempt);
            if (owner || !job.abandoned()) {
                worker.jobEnded(job.function(), outcome(owner, job, failure, retry), ran);
            }
            if (!owner) {
                synchronized (lock) {
                    current = null;
                }
                if (job.abandoned()) {
                    WorkerMessages.endedAfterAbandon(job);
                    return false;
                }
                WorkerMessages.endedAfterTimeout(job, failure);
                if (!survivable) {
                    return false;
                }
                return sendNextGrab(session);
            }
            boolean resubmitted = false;
            if (retry) {
                Duration delay = policy.delay(attempt);
                if (retryInBackground(job, policy, failure, delay)) {
                    resubmitted = true; // the failed attempt ends below; the retry is queued on the server already
                } else {
                    if (!retryInPlace(job, failure, delay)) {
                        synchronized (lock) {
                            current = null;
                        }
                        return false; // shutdown during the back-off: the server requeues the job
                    }
                    attempt++;
                    continue;
                }
            }
            return sendOutcome(session, job, result, failure, survivable, resubmitted);
        }
    }

    /** The metric outcome of one attempt. */
    private static AttemptOutcome outcome(boolean owner, RunningJob job, Throwable failure, boolean retry) {
        if (retry) {
            return AttemptOutcome.RETRIED;
        }
        if (!owner || job.retryableTimeout() != null) {
            return AttemptOutcome.TIMED_OUT;
        }
        return failure == null ? AttemptOutcome.COMPLETED
                : failure instanceof GearmanPayloadException ? AttemptOutcome.BAD_PAYLOAD : AttemptOutcome.FAILED;
    }

    private boolean sendOutcome(Session session, RunningJob job, byte[] result, Throwable failure, boolean survivable,
                                boolean resubmitted) throws IOException {
        List<Packet> outcome = failure == null
                ? List.of(Packet.request(PacketType.WORK_COMPLETE, job.handleBytes(), result == null ? EMPTY : result))
                : job.failurePackets(failure);
        if (failure != null && !resubmitted) {
            // before the job ends: what the handler hands on (a dead letter) is not lost if this worker dies now
            worker.finalFailure(job, failure);
        }
        boolean more = survivable && !worker.isStopping();
        try {
            if (more) {
                session.sendWithGrab(outcome);
            } else {
                session.connection.sendAll(outcome);
            }
            job.markReported();
            expect(WorkerConnection.State.IDLE, "waiting for a reply from the server",
                    worker.options().replyTimeout().toNanos());
        } catch (IOException e) {
            synchronized (lock) {
                current = null;
            }
            WorkerMessages.outcomeNotSent(job, server, e.getMessage());
            throw e;
        } finally {
            if (failure != null && !resubmitted) {
                worker.jobFailed(job, failure);
            }
        }
        synchronized (lock) {
            current = null;
            if (worker.isStopping()) {
                more = false;
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            WorkerMessages.loopInterrupted(this);
            return false;
        }
        return more;
    }

    /**
     * Retries in place: tells a waiting client with a {@code WORK_WARNING} that is plain text (never the exception
     * JSON that precedes a {@code WORK_FAIL}), then waits the back-off.
     *
     * @return {@code false} if the worker stopped during the back-off
     */
    private boolean retryInPlace(RunningJob job, Throwable failure, Duration delay) throws IOException {
        String warning = "attempt " + (job.attempt() + 1) + " of " + job.maxAttempts() + " after "
                + failure.getClass().getName() + ": " + failure.getMessage();
        WorkerMessages.retryingInPlace(job, failure, delay);
        job.connectionSend(Packet.request(PacketType.WORK_WARNING, job.handleBytes(),
                warning.getBytes(StandardCharsets.UTF_8)));
        try {
            return !worker.awaitStop(delay.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Retries a background job as a new delayed background job, submitted (and acknowledged) before the failed attempt
     * is ended, on a side connection to the same server.
     *
     * @return whether the retry is queued; {@code false} to retry in place (a foreground job, one the server cannot
     *         look up, no attempt codec, or the submission failed)
     */
    private boolean retryInBackground(RunningJob job, RetryPolicy policy, Throwable failure, Duration delay) {
        if (policy.attemptCodec() == null || job.unique().isEmpty()) {
            return false;
        }
        try {
            PacketConnection side = sideConnection();
            side.send(Packet.requestText(PacketType.GET_STATUS_UNIQUE, job.unique()));
            Packet status = side.read();
            if (status.type() != PacketType.STATUS_RES_UNIQUE || status.argumentCount() < 6
                    || !"1".equals(status.text(1)) || !"0".equals(status.text(5))) {
                return false; // a client is waiting (or the server does not know): retry where it can watch
            }
            int next = job.attempt() + 1;
            String unique = RetryPolicy.retryUnique(job.unique(), next);
            long epoch = Math.floorDiv(System.currentTimeMillis() + delay.toMillis() + 999, 1000);
            byte[] payload = policy.attemptCodec().withAttempt(job.payload(), next, job.unique());
            side.send(Packet.request(PacketType.SUBMIT_JOB_EPOCH, Packet.utf8(job.function()), Packet.utf8(unique),
                    Packet.utf8(Long.toString(epoch)), payload));
            Packet created = side.read();
            if (created.type() != PacketType.JOB_CREATED) {
                WorkerMessages.retryNotSubmitted(job, server, created.toString());
                return false;
            }
            WorkerMessages.retrySubmitted(job, failure, unique, created.text(0), delay);
            return true;
        } catch (IOException | RuntimeException e) { // NOSONAR: any trouble here falls back to retrying in place
            closeSideConnection();
            WorkerMessages.retryNotSubmitted(job, server, String.valueOf(e));
            return false;
        }
    }

    private PacketConnection sideConnection() throws IOException {
        PacketConnection side = this.side;
        if (side == null || side.isClosed()) {
            side = PacketConnection.open(server, worker.options().connectTimeout(), worker.options().maxPacketSize());
            side.readTimeout(worker.options().replyTimeout());
            this.side = side;
        }
        return side;
    }

    private void closeSideConnection() {
        PacketConnection side = this.side;
        this.side = null;
        if (side != null) {
            side.close();
        }
    }

    /** @return {@code false} if the loop must stop (shutdown) */
    private boolean failOversized(Session session, OversizedPacketException e) throws IOException {
        if (e.leadingArgumentCount() < 2) {
            throw e; // not a job assignment: nothing to answer
        }
        String handle = e.leadingText(0);
        String function = e.leadingText(1);
        String message = "job " + handle + " of function '" + function + "' has a payload of " + e.bodySize()
                + " bytes (with its other arguments), above this worker's packet size limit of " + e.limit()
                + " bytes (WorkerOptions.maxPacketSize)";
        WorkerMessages.jobTooBig(server, message);
        worker.jobEnded(function, AttemptOutcome.BAD_PAYLOAD, 0);
        List<Packet> failure = FailureReport.packets(e.leadingArgument(0),
                new ExceptionPayload(GearmanPayloadException.class.getName(), message), session.originalProtocol);
        if (worker.isStopping()) {
            session.connection.sendAll(failure);
            return false;
        }
        session.sendWithGrab(failure);
        return true;
    }

    private boolean sendNextGrab(Session session) throws IOException {
        synchronized (lock) {
            if (worker.isStopping()) {
                return false;
            }
        }
        session.send(session.grab);
        return true;
    }

    /** Waits before the next connection attempt; {@code false} if the worker stopped meanwhile. */
    private boolean backOff() {
        if (attempt < Integer.MAX_VALUE) {
            attempt++;
        }
        long delay = worker.backoff().delayNanos(attempt);
        expect(WorkerConnection.State.DISCONNECTED, "waiting to reconnect", delay);
        try {
            return !worker.awaitStop(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Shutdown, first step: an idle connection is closed at once (waking its blocked read). */
    void stopGrabbing() {
        synchronized (lock) {
            if (!started) {
                finished.countDown(); // never ran: nothing to drain
                return;
            }
            if (current == null && connection != null) {
                connection.close();
            }
        }
    }

    /**
     * Shutdown past the drain deadline: interrupts the job in flight and closes the connection (the server requeues
     * the job).
     *
     * @return whether a job was still in flight (running, or its outcome not yet sent)
     */
    boolean abandon() {
        synchronized (lock) {
            // a job whose outcome is already written is not abandoned: the loop is just finishing its bookkeeping
            RunningJob job = current != null && !current.reported() ? current : null;
            if (job != null) {
                job.abandon();
                WorkerMessages.abandoning(job);
            }
            if (connection != null) {
                connection.close();
            }
            return job != null;
        }
    }

    /** @return whether the loop ended before the deadline ({@link System#nanoTime()}) */
    boolean awaitFinished(long deadlineNanos) throws InterruptedException {
        return finished.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return name;
    }
}
