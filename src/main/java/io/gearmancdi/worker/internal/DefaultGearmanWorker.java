package io.gearmancdi.worker.internal;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.protocol.internal.Backoff;
import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.JobErrorHandler;
import io.gearmancdi.worker.JobFunction;
import io.gearmancdi.worker.RetryPolicy;
import io.gearmancdi.worker.WorkerJob;
import io.gearmancdi.worker.WorkerOptions;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The built-in {@link GearmanWorker}: {@link WorkerOptions#connectionsPerServer()} {@link ConnectionLoop}s per server,
 * each a blocking connection running one job at a time on its own thread.
 *
 * <p>Wire behaviour per connection (gearmand 1.1.20, see docs/gearmand-notes.md): on connect {@code SET_CLIENT_ID} (if
 * set), {@code RESET_ABILITIES}, one {@code CAN_DO} per function (never {@code CAN_DO_TIMEOUT}: time limits are
 * enforced here), {@code GRAB_JOB_UNIQ}; a job's outcome ({@code WORK_COMPLETE}, or the failure packets of
 * {@link FailureReport}) goes out in the same flush as the next {@code GRAB_JOB_UNIQ}; on {@code NO_JOB},
 * {@code PRE_SLEEP} and wait for {@code NOOP} or the poll interval, whichever comes first, then ask again. Every wait
 * for a reply is bounded by the reply timeout. A server that refuses {@code GRAB_JOB_UNIQ} gets {@code GRAB_JOB}.
 * Abilities never change while a job is in flight.
 *
 * <p>Threads: without a supplied executor, one daemon thread per connection named
 * {@code gearman-worker-host:port-N}; with one, each loop is one long-running task on it (the executor is never shut
 * down here). Per-function time limits share one daemon timer thread, created only if some function has a limit.
 */
public final class DefaultGearmanWorker implements GearmanWorker {
    private enum State { NEW, STARTED, STOPPED }

    private final WorkerOptions options;
    private final Backoff backoff;
    private final JobErrorHandler errorHandler;
    private final Object stateLock = new Object();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final Map<String, Registration> registered = new LinkedHashMap<>();

    // written under stateLock; state is read without it by isHealthy (a shutdown holds the lock while it drains)
    private volatile State state = State.NEW;
    private boolean shutdownResult;

    // written once in start(), before any loop runs
    private volatile Map<String, Registration> functions = Map.of();
    private volatile List<Packet> registration = List.of();
    private volatile ScheduledExecutorService timer;
    private final List<ConnectionLoop> loops = new ArrayList<>();

    private volatile boolean stopping;
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final ArrayDeque<Long> outOfMemory = new ArrayDeque<>(); // guarded by itself
    private final JobFailureLog failureLog = new JobFailureLog();

    /** @param options the settings */
    public DefaultGearmanWorker(WorkerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.backoff = new Backoff(options.minBackoff(), options.maxBackoff());
        this.errorHandler = options.errorHandler() != null ? options.errorHandler() : this::logFailure;
    }

    @Override
    public GearmanWorker register(String function, Duration timeout, RetryPolicy retry, JobFunction code) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(code, "code");
        if (function.isEmpty() || function.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid gearman function name: '" + function + "'");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout of function '" + function + "' must be positive: " + timeout);
        }
        synchronized (stateLock) {
            if (state != State.NEW) {
                throw new IllegalStateException("cannot register '" + function + "': the worker is " + state);
            }
            if (registered.containsKey(function)) {
                throw new IllegalStateException("function '" + function + "' is registered already");
            }
            registered.put(function, new Registration(function, timeout, retry, code));
        }
        return this;
    }

    @Override
    public void start() {
        synchronized (stateLock) {
            if (state != State.NEW) {
                throw new IllegalStateException("the worker is " + state + " already");
            }
            if (registered.isEmpty()) {
                throw new IllegalStateException("no function registered: nothing to serve");
            }
            state = State.STARTED;
            functions = Collections.unmodifiableMap(new LinkedHashMap<>(registered));
            registration = registrationPackets();
            if (functions.values().stream().anyMatch(r -> r.timeout() != null)) {
                ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread thread = new Thread(r, "gearman-worker-timer");
                    thread.setDaemon(true);
                    return thread;
                });
                t.setRemoveOnCancelPolicy(true);
                timer = t;
            }
            Executor executor = options.executor();
            List<Thread> threads = new ArrayList<>();
            for (ServerAddress server : options.servers()) {
                ServerHealth health = new ServerHealth(server, this);
                for (int i = 1; i <= options.connectionsPerServer(); i++) {
                    ConnectionLoop loop = new ConnectionLoop(this, server, health,
                            "gearman-worker-" + server + "-" + i);
                    synchronized (loops) {
                        loops.add(loop);
                    }
                    if (executor == null) {
                        Thread thread = new Thread(loop, loop.name());
                        thread.setDaemon(true);
                        threads.add(thread);
                    }
                }
            }
            if (executor == null) {
                threads.forEach(Thread::start);
            } else {
                try {
                    for (ConnectionLoop loop : loops) {
                        executor.execute(loop);
                    }
                } catch (RuntimeException e) { // e.g. RejectedExecutionException: undo what was started
                    stopping = true;
                    stopSignal.countDown();
                    loops.forEach(ConnectionLoop::stopGrabbing);
                    if (timer != null) {
                        timer.shutdownNow();
                    }
                    state = State.STOPPED;
                    shutdownResult = true;
                    throw new IllegalStateException("the supplied executor refused a worker loop: " + e, e);
                }
            }
            WorkerMessages.workerStarted(options.connectionsPerServer(), options.servers(), functions.keySet());
        }
    }

    private List<Packet> registrationPackets() {
        List<Packet> packets = new ArrayList<>();
        if (options.clientId() != null) {
            packets.add(Packet.requestText(PacketType.SET_CLIENT_ID, options.clientId()));
        }
        packets.add(Packet.request(PacketType.RESET_ABILITIES));
        for (String name : functions.keySet()) {
            packets.add(Packet.requestText(PacketType.CAN_DO, name));
        }
        packets.add(Packet.request(PacketType.GRAB_JOB_UNIQ));
        return List.copyOf(packets);
    }

    @Override
    public boolean shutdown(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        synchronized (stateLock) {
            if (state == State.NEW) {
                state = State.STOPPED;
                shutdownResult = true;
                return true;
            }
            if (state == State.STOPPED) {
                return shutdownResult;
            }
            long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
            stopping = true;
            stopSignal.countDown();
            for (ConnectionLoop loop : loops) {
                loop.stopGrabbing();
            }
            boolean clean = true;
            boolean interrupted = false;
            List<ConnectionLoop> late = new ArrayList<>();
            for (ConnectionLoop loop : loops) {
                try {
                    if (!loop.awaitFinished(deadline)) {
                        late.add(loop);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    late.add(loop);
                }
            }
            for (ConnectionLoop loop : late) {
                if (loop.abandon()) {
                    clean = false;
                }
            }
            // interrupted and disconnected loops end at once, unless a function ignores interrupts: wait a little
            long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            for (ConnectionLoop loop : late) {
                try {
                    if (!interrupted && !loop.awaitFinished(grace)) {
                        WorkerMessages.loopNotEnded(loop);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (timer != null) {
                timer.shutdownNow();
            }
            state = State.STOPPED;
            shutdownResult = clean;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (clean) {
                WorkerMessages.workerStopped();
            } else {
                WorkerMessages.workerStoppedAbandoningJobs();
            }
            return clean;
        }
    }

    @Override
    public void close() {
        shutdown(options.shutdownTimeout());
    }

    /** The reconnect back-off of every connection loop (the library's one policy, as the client's). */
    Backoff backoff() {
        return backoff;
    }

    WorkerOptions options() {
        return options;
    }

    boolean isStopping() {
        return stopping;
    }

    /** @return whether the worker stopped while waiting */
    boolean awaitStop(long nanos) throws InterruptedException {
        return stopSignal.await(nanos, TimeUnit.NANOSECONDS);
    }

    List<Packet> registration() {
        return registration;
    }

    Registration function(String name) {
        return functions.get(name);
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** How many {@link OutOfMemoryError}s within {@link #OUT_OF_MEMORY_WINDOW_NANOS} the worker survives. */
    private static final int OUT_OF_MEMORY_LIMIT = 2;
    private static final long OUT_OF_MEMORY_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    /**
     * Decides whether the worker carries on after an {@link Error} (any other throwable always is survivable: it fails
     * one job). A {@link StackOverflowError} unwinds the stack that overflowed, an {@link AssertionError} or a
     * {@link LinkageError} concerns one job's code: the job fails, the loop goes on. An {@link OutOfMemoryError} is
     * survived twice a minute (the big job or packet is gone with it); the third is fatal. Any other
     * {@link VirtualMachineError} is fatal at once.
     *
     * @param job the job that threw, or {@code null} when reading from the server ran out of memory
     * @return whether the loop may go on; if not, {@link #fatal(Throwable)} has been called
     */
    boolean survives(Throwable error, WorkerJob job) {
        if (!(error instanceof VirtualMachineError) || error instanceof StackOverflowError) {
            return true;
        }
        if (error instanceof OutOfMemoryError) {
            long now = System.nanoTime();
            int recent;
            synchronized (outOfMemory) {
                outOfMemory.addLast(now);
                while (now - outOfMemory.peekFirst() > OUT_OF_MEMORY_WINDOW_NANOS) {
                    outOfMemory.removeFirst();
                }
                recent = outOfMemory.size();
            }
            if (recent <= OUT_OF_MEMORY_LIMIT) {
                WorkerMessages.outOfMemorySurvived(job, error, recent);
                return true;
            }
        } else if (job != null) {
            WorkerMessages.fatalError(job, error);
        }
        fatal(error);
        return false;
    }

    /**
     * The worker met an error it cannot survive: it is unhealthy from now on, and the fatal-error handler is told once,
     * on a thread of its own (it may shut this worker down, or end the process, without waiting on itself).
     */
    void fatal(Throwable error) {
        if (!fatal.compareAndSet(null, error)) {
            return;
        }
        WorkerMessages.unhealthy(error);
        Consumer<Throwable> handler = options.fatalErrorHandler();
        if (handler != null) {
            Thread thread = new Thread(() -> {
                try {
                    handler.accept(error);
                } catch (RuntimeException | LinkageError e) {
                    WorkerMessages.fatalHandlerFailed(e);
                }
            }, "gearman-worker-fatal-error");
            thread.setDaemon(false); // the handler may be ending the process: let it finish
            thread.start();
        }
    }

    @Override
    public List<io.gearmancdi.worker.WorkerConnection> connections() {
        List<ConnectionLoop> all;
        synchronized (loops) {
            all = List.copyOf(loops);
        }
        long now = System.nanoTime();
        List<io.gearmancdi.worker.WorkerConnection> snapshot = new ArrayList<>(all.size());
        for (ConnectionLoop loop : all) {
            snapshot.add(loop.snapshot(now));
        }
        return snapshot;
    }

    /** Tells the listener how a job ended; never throws. */
    void jobEnded(String function, io.gearmancdi.worker.AttemptOutcome outcome, long durationNanos) {
        io.gearmancdi.worker.WorkerListener listener = options.listener();
        if (listener == null) {
            return;
        }
        try {
            listener.jobEnded(function, outcome, durationNanos);
        } catch (RuntimeException e) { // NOSONAR: metrics must never break a job
            // ignored as documented: a listener is for metrics, and logging here would flood the job path
        }
    }

    /** Tells the listener that a server became unreachable; never throws. */
    void serverDown(ServerAddress server, Exception cause) {
        io.gearmancdi.worker.WorkerListener listener = options.listener();
        if (listener != null) {
            try {
                listener.serverDown(server, cause);
            } catch (RuntimeException e) { // NOSONAR: a listener never breaks a connection loop
                // ignored as documented
            }
        }
    }

    /** Tells the listener that a server is reachable again; never throws. */
    void serverUp(ServerAddress server) {
        io.gearmancdi.worker.WorkerListener listener = options.listener();
        if (listener != null) {
            try {
                listener.serverUp(server);
            } catch (RuntimeException e) { // NOSONAR: a listener never breaks a connection loop
                // ignored as documented
            }
        }
    }

    @Override
    public boolean isHealthy() {
        return state == State.STARTED && !stopping && fatal.get() == null; // no lock: a shutdown holds it
    }

    /** Tells the error handler; never throws. */
    void jobFailed(WorkerJob job, Throwable error) {
        try {
            errorHandler.jobFailed(job, error);
        } catch (RuntimeException | LinkageError e) {
            WorkerMessages.errorHandlerFailed(job, e);
        }
    }

    /** Tells the error handler and the function's final-failure handler of a job that failed for good; never throws. */
    void jobFailedFinally(RunningJob job, Throwable error) {
        jobFailed(job, error);
        finalFailure(job, error);
    }

    /** Tells the function's final-failure handler of a job that failed for good; never throws. */
    void finalFailure(RunningJob job, Throwable error) {
        JobErrorHandler handler = job.policy().finalFailureHandler();
        if (handler != null) {
            try {
                handler.jobFailed(job, error);
            } catch (RuntimeException | LinkageError e) {
                WorkerMessages.errorHandlerFailed(job, e);
            }
        }
    }

    private void logFailure(WorkerJob job, Throwable error) {
        failureLog.report(job, error);
    }

    @Override
    public String toString() {
        return "DefaultGearmanWorker" + options.servers();
    }
}
