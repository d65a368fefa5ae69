package io.gearmancdi.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram of durations in seconds with fixed buckets. Recording costs a short bucket search and three adder
 * increments; the cumulative counts Prometheus wants are summed when scraped.
 *
 * <p><b>Concurrency.</b> Thread-safe; a scrape racing with records may see a count and a sum a record apart.
 */
public final class Histogram {
    /** Upper bounds of the buckets, in seconds (the last bucket, {@code +Inf}, is implicit). */
    static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};
    private static final long[] BOUNDS_NANOS = new long[BOUNDS.length];

    static {
        for (int i = 0; i < BOUNDS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
        }
    }

    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder count = new LongAdder();

    Histogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** @param nanos a duration in nanoseconds */
    public void record(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets[i].increment();
        sum.add(nanos / 1e9);
        count.increment();
    }

    /** @return how many durations were recorded */
    public long count() {
        return count.sum();
    }

    /** @return the sum of the recorded durations, in seconds */
    public double sum() {
        return sum.sum();
    }

    /** @return the buckets' upper bounds in seconds, ascending ({@code +Inf} not included) */
    public static double[] bounds() {
        return BOUNDS.clone();
    }

    /**
     * @return the cumulative count of each bucket, as Prometheus reports them: one more than {@link #bounds()}, the last
     *         ({@code +Inf}) being the count of all durations
     */
    public long[] cumulativeCounts() {
        long[] counts = new long[buckets.length];
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i].sum();
            counts[i] = cumulative;
        }
        return counts;
    }

    void write(StringBuilder out, String name, String labels) {
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i].sum();
            String le = i < BOUNDS.length ? Double.toString(BOUNDS[i]) : "+Inf";
            out.append(name).append("_bucket{").append(labels).append(",le=\"").append(le).append("\"} ")
                    .append(cumulative).append('\n');
        }
        out.append(name).append("_sum{").append(labels).append("} ").append(sum.sum()).append('\n');
        out.append(name).append("_count{").append(labels).append("} ").append(cumulative).append('\n');
    }
}
