package io.gearmancdi.bench;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client side of a run, the same for every Java contender: warmup, then a measure window of {@code --seconds},
 * in fg (K jobs in flight, each result submits the next), bg (batches of K background submits) or latency (one
 * synchronous job at a time) mode; prints the {@code RESULT} line of bench/README.md.
 */
final class ClientRun {
    /** How long one bg batch or one latency call may take before the run is declared stuck. */
    private static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Options o;
    private final Target target;
    private final String program;
    private final byte[] payload;
    private final String uniquePrefix;
    private final AtomicLong uniqueSeq = new AtomicLong();
    private long warmupEnd;
    private long measureEnd;
    private volatile boolean stop;
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final CountDownLatch fatalLatch = new CountDownLatch(1);

    // guarded by this: every job of the run, warmup included, as (end, duration or -1 for a failure); the window is
    // cut out at the end. Recording the same way in warmup and window matters: a branch that turned hot only when the
    // window opened made the JIT throw away and recompile the whole inlined completion chain (seconds of C2 time,
    // inside the window, on a 2-core machine)
    private long[] ends = new long[1 << 16];
    private long[] durations = new long[1 << 16];
    private int recorded;
    private int errorMessages;

    ClientRun(Options o, Target target, String program) {
        this.o = o;
        this.target = target;
        this.program = program;
        this.payload = o.payloadBytes();
        this.uniquePrefix = "gmb-" + Long.toHexString(ProcessHandle.current().pid()) + "-"
                + Long.toHexString(System.nanoTime() & 0xffffffffL) + "-";
    }

    /** @return the exit status: 0 with a RESULT line printed, 1 after a runtime error */
    int run() {
        long start = System.nanoTime();
        warmupEnd = start + (long) (o.warmup * 1e9);
        measureEnd = warmupEnd + (long) (o.seconds * 1e9);
        Thread cpu = cpuSampler();
        try {
            switch (o.mode) {
                case FG -> fg();
                case BG -> bg();
                case LATENCY -> latency();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fatal.compareAndSet(null, e);
        } catch (RuntimeException | TimeoutException | ExecutionException e) {
            fatal.compareAndSet(null, e);
        }
        stop = true;
        Throwable failure = fatal.get();
        if (failure != null) {
            System.err.println(program + " client: " + describe(failure));
            return 1;
        }
        long count = 0;
        long errs = 0;
        long warmErrs = 0;
        long[] sorted;
        synchronized (this) {
            sorted = new long[recorded];
            for (int i = 0; i < recorded; i++) {
                if (ends[i] < warmupEnd) {
                    warmErrs += durations[i] < 0 ? 1 : 0;
                } else if (ends[i] < measureEnd) {
                    if (durations[i] < 0) {
                        errs++;
                    } else {
                        sorted[(int) count++] = durations[i];
                    }
                }
            }
            sorted = Arrays.copyOf(sorted, (int) count);
        }
        if (warmErrs > 0) {
            System.err.println(program + " client: " + warmErrs + " errors during warmup (not counted)");
        }
        double secs = o.seconds;
        StringBuilder line = new StringBuilder();
        line.append(String.format(java.util.Locale.ROOT,
                "RESULT mode=%s inflight=%d payload=%d jobs=%d seconds=%.2f jobs_per_s=%.1f", o.modeName(),
                o.inflight, o.payload, count, secs, secs > 0 ? count / secs : 0.0));
        if (o.mode != Options.Mode.BG) {
            Arrays.sort(sorted);
            line.append(String.format(java.util.Locale.ROOT, " p50_us=%.1f p99_us=%.1f p999_us=%.1f",
                    percentileMicros(sorted, 0.50), percentileMicros(sorted, 0.99), percentileMicros(sorted, 0.999)));
        }
        line.append(" errors=").append(errs);
        System.out.println(line);
        System.out.flush();
        try {
            cpu.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long cpuNanos = windowCpuNanos;
        if (cpuNanos >= 0) {
            // stderr: not part of the RESULT contract; the client's own CPU cost per job in the measure window
            System.err.printf(java.util.Locale.ROOT, "CPU client_cpu_s=%.2f client_us_per_job=%.1f%n", cpuNanos / 1e9,
                    count > 0 ? cpuNanos / 1e3 / count : 0.0);
        }
        return 0;
    }

    private volatile long windowCpuNanos = -1;

    /** Samples this process's CPU time at the start and the end of the measure window. */
    private Thread cpuSampler() {
        Thread t = new Thread(() -> {
            var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            if (!(os instanceof com.sun.management.OperatingSystemMXBean sun)) {
                return;
            }
            try {
                sleepUntil(warmupEnd);
                long c0 = sun.getProcessCpuTime();
                sleepUntil(measureEnd);
                windowCpuNanos = sun.getProcessCpuTime() - c0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-sampler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private String nextUnique() {
        return uniquePrefix + Long.toHexString(uniqueSeq.getAndIncrement());
    }

    // ---- fg ---------------------------------------------------------------------------------------------------------

    private void fg() throws InterruptedException {
        for (int i = 0; i < o.inflight && !stop; i++) {
            submitOne();
        }
        long wait = measureEnd - System.nanoTime();
        if (wait > 0) {
            fatalLatch.await(wait, TimeUnit.NANOSECONDS);
        }
        stop = true; // jobs still in flight are abandoned, as gmbench does
    }

    private void submitOne() {
        if (stop) {
            return;
        }
        long t0 = System.nanoTime();
        CompletableFuture<byte[]> future;
        try {
            future = target.submit(nextUnique(), payload);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        future.whenComplete((result, error) -> fgDone(t0, result, error));
    }

    private void fgDone(long t0, byte[] result, Throwable error) {
        long now = System.nanoTime();
        Throwable cause = unwrap(error);
        if (cause != null && target.isFatal(cause)) {
            if (!stop) {
                fail(cause);
            }
            return;
        }
        account(t0, now, cause == null && Arrays.equals(result, payload), cause, result);
        if (now < measureEnd) {
            submitOne();
        }
    }

    // ---- bg ---------------------------------------------------------------------------------------------------------

    private void bg() throws InterruptedException, ExecutionException, TimeoutException {
        if (o.rate > 0) {
            pacedBg();
            return;
        }
        CompletableFuture<?>[] batch = new CompletableFuture<?>[o.inflight];
        while (System.nanoTime() < measureEnd && fatal.get() == null) {
            for (int i = 0; i < batch.length; i++) {
                batch[i] = target.submitBackground(nextUnique(), payload).whenComplete((h, e) -> bgDone(e));
            }
            try {
                CompletableFuture.allOf(batch).get(STUCK_NANOS, TimeUnit.NANOSECONDS);
            } catch (ExecutionException counted) {
                // each failure was counted (or made fatal) by its own callback
            }
        }
    }

    /** Counts a background submission that got its JOB_CREATED, or its failure (a lost connection ends the run). */
    private void bgDone(Throwable error) {
        long now = System.nanoTime();
        Throwable cause = unwrap(error);
        if (cause != null && target.isFatal(cause)) {
            fail(cause);
        } else {
            account(now, now, cause == null, cause, null);
        }
    }

    /**
     * Background jobs offered at {@code --rate} per second on a fixed schedule (at most {@code --inflight} waiting for
     * their JOB_CREATED): what a steady load does to the system, where the unpaced mode finds its ceiling. A run that
     * cannot keep the schedule shows it as jobs/s below the rate.
     */
    private void pacedBg() throws InterruptedException {
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(o.inflight);
        long start = System.nanoTime();
        for (long n = 0; fatal.get() == null; n++) {
            long due = start + n * 1_000_000_000L / o.rate;
            if (due >= measureEnd) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!slots.tryAcquire(STUCK_NANOS, TimeUnit.NANOSECONDS)) {
                fail(new TimeoutException("no JOB_CREATED for " + o.inflight + " background jobs in 30 s"));
                break;
            }
            target.submitBackground(nextUnique(), payload).whenComplete((h, e) -> {
                slots.release();
                bgDone(e);
            });
        }
        slots.tryAcquire(o.inflight, STUCK_NANOS, TimeUnit.NANOSECONDS);
    }

    // ---- latency ----------------------------------------------------------------------------------------------------

    private void latency() {
        while (true) {
            long t0 = System.nanoTime();
            if (t0 >= measureEnd) {
                return;
            }
            byte[] result = null;
            Throwable cause = null;
            try {
                result = target.call(nextUnique(), payload);
            } catch (Exception e) {
                cause = unwrap(e);
                if (target.isFatal(cause)) {
                    fail(cause);
                    return;
                }
            }
            long t1 = System.nanoTime();
            account(t0, t1, cause == null && Arrays.equals(result, payload), cause, result);
        }
    }

    // ---- bookkeeping ------------------------------------------------------------------------------------------------

    private synchronized void account(long t0, long end, boolean ok, Throwable cause, byte[] result) {
        if (!ok && errorMessages < 20) {
            errorMessages++;
            System.err.println(program + " client: job failed: " + (cause != null ? describe(cause)
                    : "result mismatch (" + (result == null ? "null" : result.length + " bytes") + ", expected "
                    + payload.length + ")"));
        }
        if (recorded == ends.length) {
            ends = Arrays.copyOf(ends, ends.length * 2);
            durations = Arrays.copyOf(durations, durations.length * 2);
        }
        ends[recorded] = end;
        durations[recorded++] = ok ? end - t0 : -1;
    }

    private void fail(Throwable e) {
        if (fatal.compareAndSet(null, e)) {
            stop = true;
            fatalLatch.countDown();
        }
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String describe(Throwable e) {
        return e.getClass().getName() + ": " + e.getMessage();
    }

    /** Nearest-rank percentile of sorted nanoseconds, in microseconds (gmbench's {@code percentile_us}). */
    static double percentileMicros(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0.0;
        }
        long rank = (long) Math.ceil(p * sorted.length);
        rank = Math.max(1, Math.min(sorted.length, rank));
        return sorted[(int) (rank - 1)] / 1000.0;
    }
}
