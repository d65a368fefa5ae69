package io.gearmancdi.protocol.internal;

import io.gearmancdi.protocol.ConnectionSettings;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one back-off policy of the library: how long to wait before the next attempt after {@code n} consecutive
 * failures (reconnecting to a server, resubmitting a job, a worker's reconnect loop).
 *
 * <p><b>Contract.</b> For failure {@code n >= 1} the ceiling is {@code c = min(max, min * 2^(n-1))} and the delay is
 * drawn uniformly from {@code [max(min, c/2), c]}. So every delay lies in {@code [min, max]} (the documented maximum
 * really is the maximum: jitter is applied before the bounds, never added after them), the first delay is exactly
 * {@code min}, and once the ceiling reaches {@code max} the delays keep spreading over {@code [max/2, max]}, so that
 * many clients that lost the same server do not come back in lockstep. {@code n <= 0} means "no failure yet": zero.
 *
 * <p>Immutable and thread-safe; the randomness comes from {@link ThreadLocalRandom}.
 *
 * <p>Usage: keep a failure counter per server (or per job), call {@link #delayNanos(int)} with it after each failure,
 * reset it to zero after a success.
 */
public final class Backoff {
    private final long minNanos;
    private final long maxNanos;

    /**
     * @param min the first delay, positive
     * @param max the longest delay, not below {@code min}
     * @throws IllegalArgumentException if the range is invalid (same checks and messages as the options builders)
     */
    public Backoff(Duration min, Duration max) {
        ConnectionSettings.backoff(min, max);
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** @return the delay after {@code failures} consecutive failures, in nanoseconds, random within the bounds */
    public long delayNanos(int failures) {
        return delayNanos(failures, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The delay for a given draw, for tests and for callers with their own randomness.
     *
     * @param failures consecutive failures so far
     * @param random   a number in {@code [0, 1]}: 0 gives the ceiling, 1 the floor of the range
     * @return the delay in nanoseconds, within {@code [min, max]} for {@code failures >= 1}
     */
    public long delayNanos(int failures, double random) {
        if (failures <= 0) {
            return 0;
        }
        if (random < 0 || random > 1 || Double.isNaN(random)) {
            throw new IllegalArgumentException("random must be in [0, 1]: " + random);
        }
        int shift = Math.min(failures - 1, 62);
        long ceiling = minNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, minNanos << shift);
        long floor = Math.max(minNanos, ceiling / 2);
        long delay = ceiling - (long) (random * (ceiling - floor));
        return Math.max(floor, Math.min(ceiling, delay));
    }

    @Override
    public String toString() {
        return "Backoff[" + Duration.ofNanos(minNanos) + ".." + Duration.ofNanos(maxNanos) + "]";
    }
}
