package io.gearmancdi.worker;

import io.gearmancdi.GearmanPayloadException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 12: the retry policy's back-off bounds, retry decision and the unique ids of background retries. */
class RetryPolicyTest {

    @Test
    void issue12_backoffDoublesWithJitterAndNeverExceedsMaxBackoff() {
        RetryPolicy p = RetryPolicy.builder().retries(100).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .build();
        long max = Duration.ofSeconds(1).toNanos();
        for (int failures = 1; failures <= 100; failures++) {
            for (double r : new double[]{0, 0.25, 0.5, 0.999, 1}) {
                long d = p.delayNanos(failures, r);
                assertThat(d).as("failure %d draw %s", failures, r).isBetween(1L, max);
            }
            assertThat(p.delay(failures)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(p.delayNanos(1, 0)).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(p.delayNanos(1, 1)).isEqualTo(Duration.ofMillis(100).toNanos()); // the first delay is the back-off
        assertThat(p.delayNanos(3, 0)).isEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(p.delayNanos(5, 0)).isEqualTo(max);
        assertThat(p.delayNanos(62, 0.5)).isBetween(max / 2, max);
        assertThat(p.delayNanos(0, 0)).isZero();
    }

    @Test
    void issue12_payloadFailuresAreNeverRetriedAndAttemptsAreBounded() {
        RetryPolicy p = RetryPolicy.builder().retries(2).retryOn(e -> !(e instanceof ArithmeticException)).build();
        assertThat(p.maxAttempts()).isEqualTo(3);
        assertThat(p.retries(new IllegalStateException(), 1)).isTrue();
        assertThat(p.retries(new IllegalStateException(), 2)).isTrue();
        assertThat(p.retries(new IllegalStateException(), 3)).isFalse();
        assertThat(p.retries(new ArithmeticException(), 1)).isFalse();
        assertThat(p.retries(new GearmanPayloadException("bad"), 1)).isFalse();
        assertThat(RetryPolicy.NONE.retries(new IllegalStateException(), 1)).isFalse();
    }

    @Test
    void issue12_badPolicyValuesAreRefused() {
        assertThatThrownBy(() -> RetryPolicy.builder().retries(-1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("shorter");
    }

    @Test
    void issue12_retryUniqueIsDerivedFromTheFirstUniqueAndFitsIn63Bytes() {
        assertThat(RetryPolicy.retryUnique("order-7", 2)).isEqualTo("order-7#2");
        assertThat(RetryPolicy.retryUnique("order-7#2", 3)).isEqualTo("order-7#3");
        assertThat(RetryPolicy.retryUnique("x#2", 2)).as("a user's own suffix is kept on the first retry")
                .isEqualTo("x#2#2");
        String uuid = "123e4567-e89b-12d3-a456-426614174000";
        assertThat(RetryPolicy.retryUnique(uuid, 2)).isEqualTo(uuid + "#2");
        String longUnique = "é".repeat(31); // 62 bytes
        String derived = RetryPolicy.retryUnique(longUnique, 2);
        assertThat(derived).matches("[0-9a-f]{40}#2");
        assertThat(RetryPolicy.retryUnique(derived, 3)).isEqualTo(derived.substring(0, 40) + "#3");
        assertThat(RetryPolicy.retryUnique("a".repeat(63), 10).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(RetryPolicy.MAX_UNIQUE_BYTES);
    }
}
