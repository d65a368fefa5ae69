package io.gearmancdi.worker.internal;

import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.GearmanTimeoutException;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketConnection;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.worker.WorkerJob;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One job in flight on a connection loop, and the arbiter of its single outcome.
 *
 * <p>Three parties may decide how a job ends: the loop thread when the function returns or throws, the timer thread
 * when the per-function time limit passes, and the shutdown when the drain deadline passes. Whoever moves the state
 * away from {@code RUNNING} first owns the outcome; the others drop theirs. All transitions, and every packet sent
 * for the job while it runs, happen under this object's monitor, so that nothing is sent for the job after its final
 * packet. The loop thread is interrupted only under the monitor and only while the function has not returned, so the
 * loop can clear an interrupt of ours after {@link #finish()} without losing one meant for someone else.
 */
final class RunningJob implements WorkerJob {
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int TIMED_OUT = 2;
    private static final int ABANDONED = 3;
    /** The time limit passed on an attempt that will be retried: nothing sent, the loop decides once it returns. */
    private static final int TIMED_OUT_RETRYABLE = 4;

    private final DefaultGearmanWorker worker;
    private final PacketConnection connection;
    private final byte[] handleBytes;
    private final String handle;
    private final String function;
    private final String unique;
    private final byte[] payload;
    private final Thread thread;
    private final boolean originalProtocol;
    private final int attempt;
    private final io.gearmancdi.worker.RetryPolicy policy;

    private int state = RUNNING;
    private boolean returned;
    private boolean interrupted;
    private volatile boolean cancelled;
    private volatile boolean reported;
    private GearmanTimeoutException retryableTimeout; // guarded by this

    /**
     * @param assignment       {@code JOB_ASSIGN_UNIQ}, or {@code JOB_ASSIGN} (no unique id) from a server that refused
     *                         {@code GRAB_JOB_UNIQ}
     * @param originalProtocol whether failures are reported the way such a server understands (see
     *                         {@link FailureReport})
     * @param attempt          which attempt this is (1-based)
     * @param policy           the function's retry policy
     */
    RunningJob(DefaultGearmanWorker worker, PacketConnection connection, Packet assignment, Thread thread,
               boolean originalProtocol, int attempt, io.gearmancdi.worker.RetryPolicy policy) {
        this.worker = worker;
        this.connection = connection;
        this.handleBytes = assignment.argument(0);
        this.handle = new String(handleBytes, StandardCharsets.UTF_8);
        this.function = assignment.text(1);
        boolean withUnique = assignment.type() == PacketType.JOB_ASSIGN_UNIQ;
        this.unique = withUnique ? assignment.text(2) : "";
        this.payload = assignment.argument(withUnique ? 3 : 2);
        this.thread = thread;
        this.originalProtocol = originalProtocol;
        this.attempt = attempt;
        this.policy = policy;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public int maxAttempts() {
        return policy.maxAttempts();
    }

    /** @return the function's retry policy */
    io.gearmancdi.worker.RetryPolicy policy() {
        return policy;
    }

    /** @return the packets that end this job as failed (see {@link FailureReport}) */
    java.util.List<Packet> failurePackets(Throwable failure) {
        return FailureReport.packets(handleBytes, FailureReport.describe(failure), originalProtocol);
    }

    @Override
    public String function() {
        return function;
    }

    @Override
    public String handle() {
        return handle;
    }

    @Override
    public String unique() {
        return unique;
    }

    @Override
    public byte[] payload() {
        return payload;
    }

    byte[] handleBytes() {
        return handleBytes;
    }

    @Override
    public void sendStatus(long numerator, long denominator) {
        send(Packet.request(PacketType.WORK_STATUS, handleBytes, decimal(numerator), decimal(denominator)));
    }

    @Override
    public void sendData(byte[] data) {
        send(Packet.request(PacketType.WORK_DATA, handleBytes, Objects.requireNonNull(data, "data")));
    }

    @Override
    public void sendWarning(byte[] warning) {
        send(Packet.request(PacketType.WORK_WARNING, handleBytes, Objects.requireNonNull(warning, "warning")));
    }

    /** Sends a packet for the job whatever its state: the loop's own messages between attempts. */
    void connectionSend(Packet packet) throws IOException {
        connection.send(packet);
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    private synchronized void send(Packet packet) {
        if (state != RUNNING) {
            // the outcome is already decided (timeout, shutdown): the server no longer knows the job as ours, and a
            // late update would only draw an ERROR JOB_NOT_FOUND
            return;
        }
        try {
            connection.send(packet);
        } catch (IOException e) {
            throw new GearmanConnectionException("cannot send " + packet.type() + " for job " + handle + " to "
                    + connection.address() + ": connection lost (the server will requeue the job)", e);
        }
    }

    /**
     * Called by the loop thread when the function has returned or thrown.
     *
     * @return whether the loop owns the outcome and must send it; {@code false} if a timeout or the shutdown decided
     *         first (the result is then dropped)
     */
    synchronized boolean finish() {
        returned = true;
        if (state == RUNNING || state == TIMED_OUT_RETRYABLE) {
            state = FINISHED;
            return true;
        }
        return false;
    }

    /** @return the time-out of an attempt that may be retried, or {@code null} (valid after {@link #finish()}) */
    synchronized GearmanTimeoutException retryableTimeout() {
        return retryableTimeout;
    }

    /** The loop has written the job's outcome to the connection. */
    void markReported() {
        reported = true;
    }

    /** @return whether the loop has written the job's outcome */
    boolean reported() {
        return reported;
    }

    /** @return whether this job interrupted its thread (valid after {@link #finish()}) */
    synchronized boolean interruptedThread() {
        return interrupted;
    }

    /** @return whether the drain deadline of a shutdown abandoned the job */
    synchronized boolean abandoned() {
        return state == ABANDONED;
    }

    /**
     * Called by the timer thread when the function's time limit has passed: fails the job (its failure packets carry a
     * {@link GearmanTimeoutException}) and interrupts the function.
     */
    void timeOut(Duration limit) {
        GearmanTimeoutException error;
        synchronized (this) {
            if (state != RUNNING) {
                return;
            }
            cancelled = true;
            interruptLocked();
            error = new GearmanTimeoutException("function '" + function + "' exceeded its time limit of "
                    + limit.toMillis() + " ms (job " + handle + ", attempt " + attempt + ")");
            if (attempt < policy.maxAttempts() && policy.retries(error, attempt)) {
                // another attempt follows: the job stays the server's running job; the loop retries it once the
                // function has returned (a connection runs one function at a time)
                state = TIMED_OUT_RETRYABLE;
                retryableTimeout = error;
                return;
            }
            state = TIMED_OUT;
            try {
                connection.sendAll(failurePackets(error));
            } catch (IOException e) {
                WorkerMessages.timeoutNotSent(this, connection.address(), e.getMessage());
            }
        }
        worker.jobFailedFinally(this, error);
    }

    /**
     * Called by the shutdown when the drain deadline has passed: cancels and interrupts the function. The caller
     * then closes the connection, so that the server gives the job to another worker.
     *
     * @return whether the function was still running
     */
    synchronized boolean abandon() {
        if (returned) {
            return false;
        }
        if (state == RUNNING || state == TIMED_OUT_RETRYABLE) {
            state = ABANDONED;
        }
        cancelled = true;
        interruptLocked();
        return true;
    }

    private void interruptLocked() {
        if (!returned) {
            interrupted = true;
            thread.interrupt();
        }
    }

    private static byte[] decimal(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "job " + handle + " of function '" + function + "'";
    }
}
