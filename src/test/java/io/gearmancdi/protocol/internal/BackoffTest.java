package io.gearmancdi.protocol.internal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 11 item 13: one back-off policy whose documented maximum holds (jitter inside the bounds, not on top). */
class BackoffTest {
    private static final long MS = 1_000_000L;
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    @Test
    @DisplayName("issue 11 item 13: every delay stays within [min, max], whatever the draw and the failure count")
    void issue11Item13DelaysNeverExceedTheDocumentedMaximum() {
        for (int failures = 1; failures <= 100; failures++) {
            for (double r : new double[] {0, 0.25, 0.5, 0.999, 1}) {
                assertThat(backoff.delayNanos(failures, r)).as("failures %d, draw %s", failures, r)
                        .isBetween(100 * MS, 10_000 * MS);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(backoff.delayNanos(failures)).isBetween(100 * MS, 10_000 * MS);
            }
        }
    }

    @Test
    void firstDelayIsTheMinimumThenTheCeilingDoubles() {
        assertThat(backoff.delayNanos(0)).isZero();
        assertThat(backoff.delayNanos(1, 0)).isEqualTo(100 * MS);
        assertThat(backoff.delayNanos(1, 1)).isEqualTo(100 * MS);
        assertThat(backoff.delayNanos(2, 0)).isEqualTo(200 * MS);
        assertThat(backoff.delayNanos(2, 1)).isEqualTo(100 * MS);
        assertThat(backoff.delayNanos(4, 0)).isEqualTo(800 * MS);
        assertThat(backoff.delayNanos(4, 1)).isEqualTo(400 * MS);
    }

    @Test
    @DisplayName("issue 11 item 13: at the cap the delays still spread over [max/2, max], so clients do not align")
    void issue11Item13JitterRemainsAtTheCap() {
        assertThat(backoff.delayNanos(30, 0)).isEqualTo(10_000 * MS);
        assertThat(backoff.delayNanos(30, 1)).isEqualTo(5_000 * MS);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(backoff.delayNanos(1000));
        }
        assertThat(seen).hasSizeGreaterThan(10);
    }

    @Test
    void hugeRangesDoNotOverflow() {
        Backoff wide = new Backoff(Duration.ofNanos(1), Duration.ofDays(365 * 100));
        for (int failures = 1; failures < 200; failures++) {
            assertThat(wide.delayNanos(failures, 0)).isPositive().isLessThanOrEqualTo(Duration.ofDays(36500).toNanos());
        }
    }

    @Test
    void invalidRangesAndDrawsAreRejected() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below minBackoff");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.delayNanos(1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
