package io.gearmancdi.server.internal;

import io.gearmancdi.SubmitOptions;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The job server's state and rules: functions, queues, jobs, and what every request does to them. It knows nothing
 * of sockets: it reads packets from a {@link ServerConnection} and queues replies on connections through the
 * {@link EventLoop}. Everything here runs on the selector thread, so nothing is locked.
 *
 * <p>Semantics follow gearmand (see docs/gearmand-notes.md), with gearmand 2.0's fixes where 1.1.20 is buggy:
 * priority is global across a worker's functions, due epoch jobs wake sleeping workers, and a CAN_DO_TIMEOUT timer
 * belongs to one job attempt and fails that job when it expires.
 */
final class Engine {
    /** Longest unique id accepted (gearmand truncates 64 and rejects longer; we reject everything above 63). */
    static final int MAX_UNIQUE = SubmitOptions.MAX_UNIQUE_BYTES;
    /** gearmand 1.1.19+ raises CAN_DO_TIMEOUT values below one second to one second. */
    static final long MIN_CAN_DO_TIMEOUT_MS = 1000;
    static final int MAX_CLIENT_ID = 127;
    static final int MAX_OPTION = 63;

    private static final byte[] ZERO = {'0'};
    private static final byte[] ONE = {'1'};
    private static final byte[] EMPTY = new byte[0];
    static final Packet NOOP = Packet.response(PacketType.NOOP);
    static final Packet NO_JOB = Packet.response(PacketType.NO_JOB);

    final ServerSettings settings;
    private final EventLoop loop;
    private final Timer.Queue timers;
    final Map<String, FunctionQueue> functions = new LinkedHashMap<>();
    final Map<String, Job> jobs = new LinkedHashMap<>();
    private final String handlePrefix;
    private long handleCounter;
    private long sequence;
    /** Memory of every job held (queued, delayed, running), as {@link Job#footprint} counts it. */
    private long jobBytes;

    Engine(ServerSettings settings, EventLoop loop, Timer.Queue timers) {
        this.settings = settings;
        this.loop = loop;
        this.timers = timers;
        this.handlePrefix = settings.jobHandlePrefix() + ":";
    }

    // ------------------------------------------------------------------------------------------------ dispatch

    void handle(ServerConnection c, Packet p) {
        switch (p.type()) {
            case ECHO_REQ -> send(c, Packet.response(PacketType.ECHO_RES, p.argument(0)));
            case SUBMIT_JOB -> submit(c, p, Job.NORMAL, false, 0, EMPTY, p.argument(2));
            case SUBMIT_JOB_BG -> submit(c, p, Job.NORMAL, true, 0, EMPTY, p.argument(2));
            case SUBMIT_JOB_HIGH -> submit(c, p, Job.HIGH, false, 0, EMPTY, p.argument(2));
            case SUBMIT_JOB_HIGH_BG -> submit(c, p, Job.HIGH, true, 0, EMPTY, p.argument(2));
            case SUBMIT_JOB_LOW -> submit(c, p, Job.LOW, false, 0, EMPTY, p.argument(2));
            case SUBMIT_JOB_LOW_BG -> submit(c, p, Job.LOW, true, 0, EMPTY, p.argument(2));
            case SUBMIT_JOB_EPOCH -> submit(c, p, Job.NORMAL, true, atoi(p.argument(2)), EMPTY, p.argument(3));
            // map/reduce submissions are ordinary normal-priority jobs that remember their reducer (GRAB_JOB_ALL)
            case SUBMIT_REDUCE_JOB -> submit(c, p, Job.NORMAL, false, 0, p.argument(2), p.argument(4));
            case SUBMIT_REDUCE_JOB_BACKGROUND -> submit(c, p, Job.NORMAL, true, 0, p.argument(2), p.argument(4));
            case GRAB_JOB, GRAB_JOB_UNIQ, GRAB_JOB_ALL -> grab(c, p.type());
            case PRE_SLEEP -> preSleep(c);
            case CAN_DO -> canDo(c, name(p.argument(0)), 0);
            case CAN_DO_TIMEOUT -> canDo(c, name(p.argument(0)),
                    Math.max(MIN_CAN_DO_TIMEOUT_MS, atoi(p.argument(1))));
            case CANT_DO -> cantDo(c, name(p.argument(0)));
            case RESET_ABILITIES -> resetAbilities(c);
            case WORK_DATA, WORK_WARNING -> workData(c, p);
            case WORK_STATUS -> workStatus(c, p);
            case WORK_COMPLETE -> workComplete(c, p);
            case WORK_FAIL -> workFail(c, p);
            case WORK_EXCEPTION -> workException(c, p);
            case GET_STATUS -> getStatus(c, p);
            case GET_STATUS_UNIQUE -> getStatusUnique(c, p);
            case OPTION_REQ -> option(c, p);
            case SET_CLIENT_ID -> setClientId(c, p);
            default -> error(c, "INVALID_COMMAND", "Command not expected");
        }
    }

    // ------------------------------------------------------------------------------------------------ clients

    private void submit(ServerConnection c, Packet p, int priority, boolean background, long epochSeconds,
                        byte[] reducer, byte[] data) {
        byte[] unique = p.argument(1);
        if (unique.length > MAX_UNIQUE) {
            error(c, "ARGUMENT_TOO_LARGE", "Unique value too large");
            return;
        }
        FunctionQueue f = function(name(p.argument(0)));
        BytesKey key = null;
        if (unique.length == 1 && unique[0] == '-') {
            if (data.length > 0) {
                key = BytesKey.payload(data);
            }
        } else if (unique.length > 0) {
            key = BytesKey.unique(unique);
        }
        Job job = key == null ? null : f.uniques.get(key);
        if (job == null) {
            if (f.maxQueue[priority] > 0 && f.total >= f.maxQueue[priority]) {
                error(c, "QUEUE_ERROR", "Job queue is full");
                return;
            }
            long maxBytes = settings.maxQueueBytes();
            if (maxBytes > 0 && jobBytes + Job.footprint(unique, reducer, data) > maxBytes) {
                error(c, "QUEUE_ERROR", "Job queue is full (" + maxBytes + " bytes)");
                return;
            }
            job = new Job(handlePrefix + (++handleCounter), f, unique, reducer, data, priority, background,
                    ++sequence);
            jobBytes += job.footprint;
            job.uniqueKey = key;
            f.total++;
            jobs.put(job.handle, job);
            if (key != null) {
                f.uniques.put(key, job);
            }
            long delayMillis = epochSeconds <= 0 ? 0 : epochSeconds * 1000 - System.currentTimeMillis();
            if (delayMillis > 0) {
                job.delayed = true;
                f.delayed++;
                Job delayedJob = job;
                timers.schedule(TimeUnit.MILLISECONDS.toNanos(delayMillis), () -> due(delayedJob));
            } else {
                f.queues[priority].addLast(job);
                wake(f);
            }
        }
        if (!background) {
            job.listeners.add(c);
            c.listening().add(job);
        }
        send(c, Packet.response(PacketType.JOB_CREATED, job.handleBytes));
    }

    /** An epoch job became due: queue it and wake its sleeping workers (gearmand 2.0 behaviour). */
    private void due(Job job) {
        FunctionQueue f = job.function;
        job.delayed = false;
        f.delayed--;
        if (job.ignored) {
            discard(job);
            return;
        }
        f.queues[job.priority].addLast(job);
        wake(f);
    }

    private void getStatus(ServerConnection c, Packet p) {
        byte[] handle = cutAtNul(p.argument(0));
        Job job = jobs.get(new String(handle, StandardCharsets.ISO_8859_1));
        if (job == null) {
            send(c, Packet.response(PacketType.STATUS_RES, handle, ZERO, ZERO, ZERO, ZERO));
        } else {
            send(c, Packet.response(PacketType.STATUS_RES, handle, ONE, job.isRunning() ? ONE : ZERO,
                    ascii(job.numerator), ascii(job.denominator)));
        }
    }

    private void getStatusUnique(ServerConnection c, Packet p) {
        byte[] unique = cutAtNul(p.argument(0));
        Job job = null;
        if (unique.length > 0) {
            BytesKey key = BytesKey.unique(unique);
            for (FunctionQueue f : functions.values()) {
                job = f.uniques.get(key);
                if (job != null) {
                    break;
                }
            }
        }
        if (job == null) {
            send(c, Packet.response(PacketType.STATUS_RES_UNIQUE, unique, ZERO, ZERO, ZERO, ZERO, ZERO));
        } else {
            send(c, Packet.response(PacketType.STATUS_RES_UNIQUE, unique, ONE, job.isRunning() ? ONE : ZERO,
                    ascii(job.numerator), ascii(job.denominator), ascii(job.listeners.size())));
        }
    }

    private void option(ServerConnection c, Packet p) {
        String option = p.text(0);
        if (p.argument(0).length > MAX_OPTION || !option.equalsIgnoreCase("exceptions")) {
            error(c, "UNKNOWN_OPTION", "Server does not recognize given option");
            return;
        }
        c.exceptions = true;
        send(c, Packet.response(PacketType.OPTION_RES, p.argument(0)));
    }

    private void setClientId(ServerConnection c, Packet p) {
        byte[] id = cutAtNul(p.argument(0));
        if (id.length > MAX_CLIENT_ID) {
            id = Arrays.copyOf(id, MAX_CLIENT_ID);
        }
        c.clientId = id.length == 0 ? "-" : new String(id, StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------------------------------------------ workers

    private void canDo(ServerConnection c, String name, long timeoutMillis) {
        FunctionQueue f = function(name);
        c.abilities.put(f, timeoutMillis);
        f.workers.add(c);
        if (c.sleeping) {
            f.sleepers.add(c);
        }
    }

    private void cantDo(ServerConnection c, String name) {
        FunctionQueue f = functions.get(name);
        if (f == null || c.abilities.remove(f) == null) {
            return;
        }
        f.workers.remove(c);
        f.sleepers.remove(c);
        requeueHeld(c, f);
    }

    private void resetAbilities(ServerConnection c) {
        for (FunctionQueue f : c.abilities.keySet()) {
            f.workers.remove(c);
            f.sleepers.remove(c);
        }
        c.abilities.clear();
        requeueHeld(c, null);
    }

    /** Puts back the jobs {@code c} holds (of function {@code only}, or all): the worker gave them up. */
    private void requeueHeld(ServerConnection c, FunctionQueue only) {
        if (c.assigned.isEmpty()) {
            return;
        }
        for (Job job : new ArrayList<>(c.assigned)) {
            if (only == null || job.function == only) {
                requeue(job);
            }
        }
    }

    private void preSleep(ServerConnection c) {
        if (c.abilities.isEmpty()) {
            c.sleeping = true;
            return;
        }
        if (hasWork(c)) {
            c.sleeping = false;
            send(c, NOOP);
            return;
        }
        c.sleeping = true;
        for (FunctionQueue f : c.abilities.keySet()) {
            f.sleepers.add(c);
        }
    }

    /** Sends one NOOP to every worker of {@code f} that sleeps; each must GRAB before it gets another. */
    private void wake(FunctionQueue f) {
        if (f.sleepers.isEmpty()) {
            return;
        }
        for (ServerConnection w : f.sleepers) {
            if (w.sleeping && !w.closed) {
                w.sleeping = false;
                send(w, NOOP);
            }
        }
        f.sleepers.clear();
    }

    private void grab(ServerConnection c, PacketType type) {
        c.sleeping = false;
        Job job = c.abilities.isEmpty() ? null : pick(c, true);
        if (job == null) {
            send(c, NO_JOB);
            return;
        }
        FunctionQueue f = job.function;
        job.worker = c;
        f.running++;
        c.assigned.add(job);
        Long timeout = c.abilities.get(f);
        if (timeout != null && timeout > 0) {
            Job timed = job;
            job.timeout = timers.schedule(TimeUnit.MILLISECONDS.toNanos(timeout), () -> timedOut(timed, c));
        }
        if (type == PacketType.GRAB_JOB) {
            send(c, Packet.response(PacketType.JOB_ASSIGN, job.handleBytes, f.nameBytes, job.data));
        } else if (type == PacketType.GRAB_JOB_ALL && job.reducer.length > 0) {
            send(c, Packet.response(PacketType.JOB_ASSIGN_ALL, job.handleBytes, f.nameBytes, job.unique, job.reducer,
                    job.data));
        } else {
            send(c, Packet.response(PacketType.JOB_ASSIGN_UNIQ, job.handleBytes, f.nameBytes, job.unique, job.data));
        }
    }

    private boolean hasWork(ServerConnection c) {
        return pick(c, false) != null;
    }

    /**
     * The next job for a worker: priority is global over the worker's functions (any HIGH before any NORMAL, as in
     * gearmand 2.0), and within a priority the oldest submission wins. Abandoned jobs met at a queue head are purged.
     */
    private Job pick(ServerConnection c, boolean remove) {
        Collection<FunctionQueue> mine = c.abilities.keySet();
        for (int priority = Job.HIGH; priority <= Job.LOW; priority++) {
            Job best = null;
            for (FunctionQueue f : mine) {
                Job head = head(f, priority);
                if (head != null && (best == null || head.sequence < best.sequence)) {
                    best = head;
                }
            }
            if (best != null) {
                if (remove) {
                    best.function.queues[priority].pollFirst();
                }
                return best;
            }
        }
        return null;
    }

    private Job head(FunctionQueue f, int priority) {
        var queue = f.queues[priority];
        Job head;
        while ((head = queue.peekFirst()) != null && head.ignored) {
            queue.pollFirst();
            discard(head);
        }
        return head;
    }

    private Job owned(ServerConnection c, Packet p, String notFound) {
        Job job = jobs.get(new String(p.argument(0), StandardCharsets.ISO_8859_1));
        if (job == null || job.worker != c) {
            error(c, "JOB_NOT_FOUND", notFound);
            return null;
        }
        return job;
    }

    private void workData(ServerConnection c, Packet p) {
        Job job = owned(c, p, "Job does not exist on server");
        if (job != null) {
            forward(job, Packet.response(p.type(), p.argument(0), p.argument(1)));
        }
    }

    private void workStatus(ServerConnection c, Packet p) {
        Job job = owned(c, p, "Job given in work result not found");
        if (job != null) {
            job.numerator = atoi(p.argument(1)) & 0xffffffffL;
            job.denominator = atoi(p.argument(2)) & 0xffffffffL;
            forward(job, Packet.response(PacketType.WORK_STATUS, p.argument(0), p.argument(1), p.argument(2)));
        }
    }

    private void workComplete(ServerConnection c, Packet p) {
        Job job = owned(c, p, "Job given in work result not found");
        if (job != null) {
            forward(job, Packet.response(PacketType.WORK_COMPLETE, p.argument(0), p.argument(1)));
            finish(job);
        }
    }

    private void workFail(ServerConnection c, Packet p) {
        Job job = owned(c, p, "Job given in work result not found");
        if (job != null) {
            fail(job);
        }
    }

    private void workException(ServerConnection c, Packet p) {
        Job job = owned(c, p, "An exception was received for a job that does not exist");
        if (job == null) {
            return;
        }
        Packet exception = Packet.response(PacketType.WORK_EXCEPTION, p.argument(0), p.argument(1));
        Packet fail = null;
        for (ServerConnection l : job.listeners) {
            if (l.exceptions) {
                send(l, exception);
            } else {
                if (fail == null) {
                    fail = Packet.response(PacketType.WORK_FAIL, job.handleBytes);
                }
                send(l, fail);
            }
        }
        finish(job);
    }

    /** A CAN_DO_TIMEOUT expired: the attempt fails (WORK_FAIL to listeners); the worker's late result is refused. */
    private void timedOut(Job job, ServerConnection worker) {
        if (job.worker == worker && jobs.get(job.handle) == job) {
            fail(job);
        }
    }

    private void fail(Job job) {
        if (!job.listeners.isEmpty()) {
            forward(job, Packet.response(PacketType.WORK_FAIL, job.handleBytes));
        }
        finish(job);
    }

    private void forward(Job job, Packet packet) {
        for (ServerConnection l : job.listeners) {
            send(l, packet);
        }
    }

    /** The job ended (complete, fail, exception, timeout, retry limit): forget it everywhere. */
    private void finish(Job job) {
        FunctionQueue f = job.function;
        jobs.remove(job.handle);
        jobBytes -= job.footprint;
        if (job.uniqueKey != null && f.uniques.get(job.uniqueKey) == job) {
            f.uniques.remove(job.uniqueKey);
        }
        f.total--;
        if (job.worker != null) {
            f.running--;
            job.worker.assigned.remove(job);
            job.worker = null;
        }
        if (job.timeout != null) {
            job.timeout.cancel();
            job.timeout = null;
        }
        for (ServerConnection l : job.listeners) {
            if (l.listening != null) {
                l.listening.remove(job);
            }
        }
        job.listeners.clear();
    }

    /** Drops an abandoned job that reached the head of its queue (or became due). */
    private void discard(Job job) {
        finish(job);
    }

    /**
     * The worker holding {@code job} went away (disconnect, CANT_DO, RESET_ABILITIES): back to the tail of its
     * queue with status reset, unless the retry limit is reached (then WORK_FAIL to listeners) or no client waits
     * for a foreground job any more.
     */
    private void requeue(Job job) {
        FunctionQueue f = job.function;
        job.worker.assigned.remove(job);
        job.worker = null;
        f.running--;
        if (job.timeout != null) {
            job.timeout.cancel();
            job.timeout = null;
        }
        job.retries = Math.min(255, job.retries + 1);
        job.numerator = 0;
        job.denominator = 0;
        int limit = settings.jobRetries();
        if (limit > 0 && job.retries >= limit) {
            fail(job);
            return;
        }
        if (job.ignored || !job.background && job.listeners.isEmpty()) {
            finish(job);
            return;
        }
        f.queues[job.priority].addLast(job);
        wake(f);
    }

    /** Abandons a job nobody waits for: its unique is free at once, the entry is purged when a worker reaches it. */
    private void ignore(Job job) {
        job.ignored = true;
        FunctionQueue f = job.function;
        if (job.uniqueKey != null && f.uniques.get(job.uniqueKey) == job) {
            f.uniques.remove(job.uniqueKey);
        }
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /** The connection is gone: its held jobs go back to the queue, its queued foreground jobs may be abandoned. */
    void closed(ServerConnection c) {
        c.sleeping = false;
        for (FunctionQueue f : c.abilities.keySet()) {
            f.workers.remove(c);
            f.sleepers.remove(c);
        }
        c.abilities.clear();
        if (!c.assigned.isEmpty()) {
            for (Job job : new ArrayList<>(c.assigned)) {
                requeue(job);
            }
        }
        if (c.listening != null) {
            for (Job job : c.listening) {
                job.listeners.removeIf(l -> l == c);
                if (job.listeners.isEmpty() && !job.background && !job.isRunning()) {
                    ignore(job);
                }
            }
            c.listening = null;
        }
    }

    // ------------------------------------------------------------------------------------------------ admin support

    FunctionQueue function(String name) {
        FunctionQueue f = functions.get(name);
        if (f == null) {
            f = new FunctionQueue(name, settings.maxQueue());
            functions.put(name, f);
        }
        return f;
    }

    /** The server died: forget every job and function at once, so that their memory can be collected. */
    void dropEverything() {
        jobs.clear();
        functions.clear();
        jobBytes = 0;
    }

    /** {@code cancel job}: WORK_FAIL to waiting clients, and the job is abandoned (a running one is not stopped). */
    boolean cancel(String handle) {
        Job job = jobs.get(handle);
        if (job == null || job.ignored) {
            return false;
        }
        if (!job.listeners.isEmpty()) {
            forward(job, Packet.response(PacketType.WORK_FAIL, job.handleBytes));
            for (ServerConnection l : job.listeners) {
                if (l.listening != null) {
                    l.listening.remove(job);
                }
            }
            job.listeners.clear();
        }
        ignore(job);
        return true;
    }

    /** {@code drop function}: only a function without workers, running or queued jobs (1.1.20 leaves dangling jobs). */
    String drop(String name) {
        for (Iterator<FunctionQueue> it = functions.values().iterator(); it.hasNext(); ) {
            FunctionQueue f = it.next();
            if (f.name.equalsIgnoreCase(name)) {
                if (!f.workers.isEmpty() || f.total > 0) {
                    return "ERR there are still connected workers or executing clients\r\n";
                }
                it.remove();
                return "OK\r\n";
            }
        }
        return "ERR function not found\r\n";
    }

    List<Job> queued(FunctionQueue f, int priority) {
        return List.copyOf(f.queues[priority]);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    void send(ServerConnection c, Packet packet) {
        loop.send(c, packet);
    }

    private void error(ServerConnection c, String code, String text) {
        send(c, Packet.responseText(PacketType.ERROR, code, text));
    }

    /** Names are kept as ISO-8859-1 strings: one char per byte, so any bytes round-trip exactly. */
    static String name(byte[] bytes) {
        return new String(cutAtNul(bytes), StandardCharsets.ISO_8859_1);
    }

    /** A final argument may hold NUL bytes; where its value is later sent as a non-final argument, cut it there. */
    static byte[] cutAtNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return Arrays.copyOf(bytes, i);
            }
        }
        return bytes;
    }

    /** C's atoi: optional blanks and sign, then digits; anything else ends the number; no digits = 0. */
    static long atoi(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t')) {
            i++;
        }
        boolean negative = false;
        if (i < bytes.length && (bytes[i] == '-' || bytes[i] == '+')) {
            negative = bytes[i] == '-';
            i++;
        }
        long value = 0;
        for (; i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
            value = value * 10 + (bytes[i] - '0');
            if (value > 1L << 40) {
                break; // far beyond any meaningful value; stop before overflowing
            }
        }
        return negative ? -value : value;
    }

    static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
