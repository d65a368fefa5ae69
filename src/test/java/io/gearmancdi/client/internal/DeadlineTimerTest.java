package io.gearmancdi.client.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's deadline timer: order, cancellation, wake-up for an earlier deadline, failures, close. */
class DeadlineTimerTest {
    private final DeadlineTimer timer = new DeadlineTimer("test-timer");

    @AfterEach
    void close() {
        timer.close();
    }

    @Test
    void runsActionsNotBeforeTheirDelayAndInDeadlineOrderAcrossDelays() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        long start = System.nanoTime();
        long[] ranAfter = new long[3];
        timer.schedule(ms(300), () -> { ranAfter[2] = System.nanoTime() - start; ran.add("300"); done.countDown(); });
        timer.schedule(ms(100), () -> { ranAfter[0] = System.nanoTime() - start; ran.add("100"); done.countDown(); });
        timer.schedule(ms(200), () -> { ranAfter[1] = System.nanoTime() - start; ran.add("200"); done.countDown(); });

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("100", "200", "300");
        assertThat(ranAfter[0]).isGreaterThanOrEqualTo(ms(100));
        assertThat(ranAfter[1]).isGreaterThanOrEqualTo(ms(200));
        assertThat(ranAfter[2]).isGreaterThanOrEqualTo(ms(300));
        assertThat(timer.pending()).isZero();
    }

    @Test
    void anEarlierDeadlineWakesTheThreadSleepingOnALaterOne() throws Exception {
        CountDownLatch early = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        timer.schedule(TimeUnit.HOURS.toNanos(1), () -> ran.add("late"));
        Thread.sleep(50); // let the thread go to sleep until the late one
        timer.schedule(ms(20), () -> { ran.add("early"); early.countDown(); });

        assertThat(early.await(10, TimeUnit.SECONDS)).as("woken for the earlier deadline").isTrue();
        assertThat(ran).containsExactly("early");
        assertThat(timer.pending()).isOne();
    }

    @Test
    void cancelledActionsNeverRunAndLeaveNothingBehind() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            DeadlineTimer.Entry e = timer.schedule(ms(50 + i % 7), () -> ran.add("cancelled"));
            e.cancel();
            e.cancel(); // idempotent
        }
        CountDownLatch marker = new CountDownLatch(1);
        timer.schedule(ms(100), marker::countDown);
        assertThat(marker.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).isEmpty();
        assertThat(timer.pending()).isZero();
    }

    @Test
    void aFailingActionIsLoggedAndTheTimerGoesOn() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        timer.schedule(0, () -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        timer.schedule(ms(10), after::countDown);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void startsItsThreadOnlyWhenFirstUsed() throws Exception {
        DeadlineTimer lazy = new DeadlineTimer("lazy-timer-under-test");
        try {
            assertThat(threadNamed("lazy-timer-under-test")).isFalse(); // clients that never call start none
            CountDownLatch ran = new CountDownLatch(1);
            lazy.schedule(0, ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(threadNamed("lazy-timer-under-test")).isTrue();
        } finally {
            lazy.close();
        }
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name));
    }

    @Test
    void closeDropsPendingActionsAndRefusesNewOnes() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        timer.schedule(ms(50), () -> ran.add("pending"));
        timer.close();
        assertThat(timer.schedule(0, () -> ran.add("after close"))).isNull();
        Thread.sleep(200);
        assertThat(ran).isEmpty();
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
