package io.gearmancdi.worker.internal;

import io.gearmancdi.GearmanException;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.ExceptionPayload;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketConnection;
import io.gearmancdi.protocol.PacketType;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
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

    private int attempt;

    ConnectionLoop(DefaultGearmanWorker worker, ServerAddress server, ServerHealth health, String name) {
        this.worker = worker;
        this.server = server;
        this.health = health;
        this.name = name;
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
        } catch (RuntimeException | Error e) {
            WorkerMessages.loopFailed(this, e);
        } finally {
            synchronized (lock) {
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
                current = null;
            }
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
            boolean keepGoing;
            try {
                c.sendAll(worker.registration());
                keepGoing = serve(c);
            } catch (IOException | GearmanException e) {
                if (worker.isStopping()) {
                    return;
                }
                health.failed(this, true, e);
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
     * @return {@code false} to stop the loop, {@code true} to reconnect
     */
    private boolean serve(PacketConnection c) throws IOException {
        boolean sleeping = false;
        boolean registered = false;
        Duration pollInterval = worker.options().pollInterval();
        while (true) {
            Packet packet;
            try {
                packet = c.read();
            } catch (SocketTimeoutException e) {
                // poll interval passed without a NOOP: ask anyway (gearmand 1.1.20 does not announce due epoch jobs)
                c.readTimeout(Duration.ZERO);
                sleeping = false;
                c.send(GRAB);
                continue;
            }
            if (!registered) {
                registered = true;
                attempt = 0;
                health.connected(this);
            }
            switch (packet.type()) {
                case JOB_ASSIGN_UNIQ -> {
                    if (sleeping) {
                        c.readTimeout(Duration.ZERO);
                        sleeping = false;
                    }
                    if (!runJob(c, packet)) {
                        return false;
                    }
                }
                case NO_JOB -> {
                    if (worker.isStopping()) {
                        return false;
                    }
                    c.send(PRE_SLEEP);
                    c.readTimeout(pollInterval);
                    sleeping = true;
                }
                case NOOP -> {
                    if (sleeping) {
                        c.readTimeout(Duration.ZERO);
                        sleeping = false;
                        c.send(GRAB);
                    } // else: a wake-up that crossed our GRAB; its reply is on its way
                }
                case ERROR -> WorkerMessages.serverError(server, packet.text(0), packet.text(1), this);
                default -> throw new io.gearmancdi.GearmanProtocolException("unexpected " + packet.type()
                        + " from gearman server " + server + " on worker connection " + name);
            }
        }
    }

    /**
     * Runs one assigned job and sends its outcome, followed by the next {@code GRAB_JOB_UNIQ} in the same flush.
     *
     * @return {@code false} if the loop must stop (shutdown, interrupt)
     */
    private boolean runJob(PacketConnection c, Packet assignment) throws IOException {
        RunningJob job = new RunningJob(worker, c, assignment, Thread.currentThread());
        synchronized (lock) {
            if (worker.isStopping()) {
                // not started: closing the connection hands it back to the server
                WorkerMessages.assignedDuringShutdown(job);
                return false;
            }
            current = job;
        }
        Registration registration = worker.function(job.function());
        ScheduledFuture<?> timer = null;
        byte[] result = null;
        Throwable failure = null;
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
        } catch (Throwable t) { // NOSONAR: every failure of user code is reported, see JobFunction
            failure = t;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        boolean owner = job.finish();
        if (job.interruptedThread()) {
            Thread.interrupted(); // our own interrupt (timeout or shutdown), not a request to stop the loop
        }
        if (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError)) {
            WorkerMessages.fatalError(job, failure);
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
            return sendNextGrab(c);
        }
        Packet reply = failure == null
                ? Packet.request(PacketType.WORK_COMPLETE, job.handleBytes(), result == null ? EMPTY : result)
                : Packet.request(PacketType.WORK_EXCEPTION, job.handleBytes(),
                        new ExceptionPayload(failure.getClass().getName(), failure.getMessage()).encode());
        boolean more = !worker.isStopping();
        try {
            if (more) {
                c.sendAll(List.of(reply, GRAB));
            } else {
                c.send(reply);
            }
            job.markReported();
        } catch (IOException e) {
            synchronized (lock) {
                current = null;
            }
            WorkerMessages.outcomeNotSent(job, server, e.getMessage());
            throw e;
        } finally {
            if (failure != null) {
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

    private boolean sendNextGrab(PacketConnection c) throws IOException {
        synchronized (lock) {
            if (worker.isStopping()) {
                return false;
            }
        }
        c.send(GRAB);
        return true;
    }

    /** Waits before the next connection attempt; {@code false} if the worker stopped meanwhile. */
    private boolean backOff() {
        long min = worker.options().minBackoff().toNanos();
        long max = worker.options().maxBackoff().toNanos();
        long base = attempt >= 62 || min > (max >> Math.min(attempt, 62)) ? max : min << attempt;
        base = Math.min(base, max);
        long jitter = ThreadLocalRandom.current().nextLong(base / 2 + 1);
        long delay = Math.min(max, base + jitter);
        if (attempt < 62) {
            attempt++;
        }
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
