package io.gearmancdi.example.it;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a condition that the test cannot be notified of (state inside another process), within a deadline. */
public final class Poll {
    private static final long INTERVAL_MILLIS = 25;

    private Poll() {
    }

    /**
     * Calls {@code probe} until it returns a value or {@code within} has passed.
     *
     * @param what   what is awaited, for the failure message
     * @param within the deadline
     * @param probe  returns the value once the condition holds, else empty
     * @return the value
     * @throws AssertionError if the deadline passes first
     */
    public static <T> T until(String what, Duration within, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + within + " waiting for " + what);
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
