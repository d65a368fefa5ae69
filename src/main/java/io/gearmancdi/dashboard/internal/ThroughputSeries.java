package io.gearmancdi.dashboard.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Throughput and failures over time for the dashboard's chart: every step it reads two running totals (jobs
 * completed, jobs failed) and keeps their increase over the step in a ring buffer, e.g. every 5 s for the last hour.
 * Reading the totals costs a few {@code LongAdder} sums; nothing runs on the job path.
 *
 * <p><b>Concurrency.</b> Thread-safe. Owns one daemon thread, stopped by {@link #close()}.
 */
public final class ThroughputSeries implements AutoCloseable {
    /**
     * The chart's data.
     *
     * @param stepMillis  milliseconds between two points
     * @param times       end of each step, seconds since the epoch, oldest first
     * @param completed   jobs completed during each step
     * @param failed      jobs failed during each step
     */
    public record Points(long stepMillis, long[] times, long[] completed, long[] failed) {
    }

    private final Duration step;
    private final LongSupplier completedTotal;
    private final LongSupplier failedTotal;
    private final long[] times;
    private final long[] completed;
    private final long[] failed;
    private final ScheduledExecutorService timer;
    private int next; // guarded by this
    private int size; // guarded by this
    private long lastCompleted; // guarded by this
    private long lastFailed; // guarded by this

    /**
     * Starts sampling.
     *
     * @param step           time between two points
     * @param window         how far back the chart reaches
     * @param completedTotal jobs completed so far
     * @param failedTotal    jobs failed so far
     */
    public ThroughputSeries(Duration step, Duration window, LongSupplier completedTotal, LongSupplier failedTotal) {
        this.step = step;
        this.completedTotal = completedTotal;
        this.failedTotal = failedTotal;
        int capacity = (int) Math.max(2, window.toMillis() / step.toMillis());
        times = new long[capacity];
        completed = new long[capacity];
        failed = new long[capacity];
        lastCompleted = completedTotal.getAsLong();
        lastFailed = failedTotal.getAsLong();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gearman-dashboard-series");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::tick, step.toMillis(), step.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes one point now (also called by the timer). */
    public synchronized void tick() {
        long c = completedTotal.getAsLong();
        long f = failedTotal.getAsLong();
        times[next] = System.currentTimeMillis() / 1000;
        completed[next] = c - lastCompleted;
        failed[next] = f - lastFailed;
        lastCompleted = c;
        lastFailed = f;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** @return the points kept, oldest first */
    public synchronized Points points() {
        long[] t = new long[size];
        long[] c = new long[size];
        long[] f = new long[size];
        int first = (next - size + times.length) % times.length;
        for (int i = 0; i < size; i++) {
            int at = (first + i) % times.length;
            t[i] = times[at];
            c[i] = completed[at];
            f[i] = failed[at];
        }
        return new Points(step.toMillis(), t, c, f);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
