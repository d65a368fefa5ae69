package io.gearmancdi.worker;

import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.GearmanTimeoutException;
import io.gearmancdi.protocol.ExceptionPayload;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.JobServer;
import io.gearmancdi.testing.RawGearman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.gearmancdi.testing.RawGearman.text;
import static io.gearmancdi.testing.RawGearman.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, the plain worker's retries ({@link RetryPolicy}) against a job server over real sockets: background jobs
 * retried as new delayed jobs, foreground jobs retried in place with warnings, time limits, final failures.
 * Subclasses choose the server (gearmand 1.1.20, the embedded server).
 */
abstract class AbstractWorkerRetryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A test mark of the attempt: the payload starts with {@code <N>|} on retries. */
    static final RetryPolicy.AttemptCodec PREFIX_CODEC = new RetryPolicy.AttemptCodec() {
        @Override
        public int attempt(byte[] payload) {
            String s = new String(payload, StandardCharsets.UTF_8);
            int bar = s.indexOf('|');
            if (bar < 0) {
                return 1;
            }
            try {
                return Integer.parseInt(s.substring(0, bar));
            } catch (NumberFormatException e) {
                throw new GearmanPayloadException("bad attempt mark '" + s.substring(0, bar) + "'");
            }
        }

        @Override
        public byte[] withAttempt(byte[] payload, int attempt) {
            String s = new String(payload, StandardCharsets.UTF_8);
            return (attempt + "|" + s.substring(s.indexOf('|') + 1)).getBytes(StandardCharsets.UTF_8);
        }
    };

    private JobServer server;
    private final List<AutoCloseable> resources = new ArrayList<>();

    protected abstract JobServer startServer();

    @BeforeEach
    void startJobServer() {
        server = startServer();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
        server.close();
    }

    private GearmanWorker worker() {
        GearmanWorker w = GearmanWorker.create(WorkerOptions.builder().servers(List.of(server.address()))
                .pollInterval(Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(5)).build());
        resources.add(() -> w.shutdown(Duration.ZERO));
        return w;
    }

    private RawGearman client() {
        RawGearman c = RawGearman.connect(server.address());
        resources.add(c);
        return c;
    }

    record Seen(int attempt, int maxAttempts, String unique, String payload, long nanos) {
    }

    @Test
    void issue12_backgroundJobFailingTwiceIsRetriedAsDelayedJobsAndSucceedsOnTheThirdAttempt() throws Exception {
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        List<Throwable> finalFailures = new CopyOnWriteArrayList<>();
        RetryPolicy policy = RetryPolicy.builder().retries(2).backoff(Duration.ofMillis(400), Duration.ofMillis(400))
                .attemptCodec(PREFIX_CODEC).onFinalFailure((job, error) -> finalFailures.add(error)).build();
        worker().register("flaky-bg", null, policy, job -> {
            seen.add(new Seen(job.attempt(), job.maxAttempts(), job.unique(), text(job.payload()), System.nanoTime()));
            if (job.attempt() < 3) {
                throw new IllegalStateException("boom " + job.attempt());
            }
            return utf8("done");
        }).start();

        client().submit(PacketType.SUBMIT_JOB_BG, "flaky-bg", "order-7", utf8("payload"));

        Seen first = poll(seen);
        Seen second = poll(seen);
        Seen third = poll(seen);
        assertThat(List.of(first.attempt(), second.attempt(), third.attempt())).containsExactly(1, 2, 3);
        assertThat(first.maxAttempts()).isEqualTo(3);
        assertThat(List.of(first.unique(), second.unique(), third.unique()))
                .containsExactly("order-7", "order-7#2", "order-7#3");
        assertThat(List.of(first.payload(), second.payload(), third.payload()))
                .containsExactly("payload", "2|payload", "3|payload");
        // the back-off is a lower bound: a delayed job never runs before its due time, and jitter keeps every delay
        // within [backoff, maxBackoff] (here both 400 ms)
        assertThat(second.nanos() - first.nanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
        assertThat(third.nanos() - second.nanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
        assertThat(seen.poll(1, TimeUnit.SECONDS)).as("no fourth attempt").isNull();
        assertThat(finalFailures).isEmpty();
    }

    @Test
    void issue12_foregroundJobIsRetriedInPlaceAndTheCallerSeesPlainTextWarnings() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        RetryPolicy policy = RetryPolicy.builder().retries(2).backoff(Duration.ofMillis(50), Duration.ofMillis(100))
                .attemptCodec(PREFIX_CODEC).build();
        worker().register("flaky-fg", null, policy, job -> {
            attempts.add(job.attempt());
            if (job.attempt() < 3) {
                throw new IllegalStateException("boom " + job.attempt());
            }
            return utf8("done");
        }).start();

        RawGearman client = client();
        String handle = client.submit("flaky-fg", "fg-1", utf8("x"));
        List<Packet> packets = client.awaitEnd(handle, WAIT);

        assertThat(packets).extracting(Packet::type).containsExactly(PacketType.WORK_WARNING,
                PacketType.WORK_WARNING, PacketType.WORK_COMPLETE);
        assertThat(text(packets.get(0).argument(1)))
                .isEqualTo("attempt 2 of 3 after java.lang.IllegalStateException: boom 1");
        assertThat(text(packets.get(1).argument(1)))
                .isEqualTo("attempt 3 of 3 after java.lang.IllegalStateException: boom 2");
        assertThat(text(packets.get(2).argument(1))).isEqualTo("done");
        assertThat(attempts).containsExactly(1, 2, 3);
    }

    @Test
    void issue12_timedOutAttemptIsAbandonedAndRetriedAndTheConnectionGoesOnServing() {
        List<Boolean> cancelledAfterInterrupt = new CopyOnWriteArrayList<>();
        RetryPolicy policy = RetryPolicy.builder().retries(1).backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                .build();
        worker().register("slow-once", Duration.ofMillis(300), policy, job -> {
            if (job.attempt() == 1) {
                try {
                    Thread.sleep(WAIT.toMillis());
                } catch (InterruptedException e) {
                    cancelledAfterInterrupt.add(job.isCancelled());
                    throw e;
                }
            }
            return utf8("attempt " + job.attempt());
        }).start();

        RawGearman client = client();
        String handle = client.submit("slow-once", "t-1", utf8("x"));
        List<Packet> packets = client.awaitEnd(handle, WAIT);

        assertThat(packets).extracting(Packet::type).containsExactly(PacketType.WORK_WARNING,
                PacketType.WORK_COMPLETE);
        assertThat(text(packets.get(0).argument(1)))
                .startsWith("attempt 2 of 2 after " + GearmanTimeoutException.class.getName() + ": ");
        assertThat(text(packets.get(1).argument(1))).isEqualTo("attempt 2");
        assertThat(cancelledAfterInterrupt).containsExactly(true);
        // the same connection serves the next job
        String next = client.submit("slow-once", "t-2", utf8("x"));
        assertThat(client.awaitEnd(next, WAIT)).extracting(Packet::type).containsExactly(PacketType.WORK_WARNING,
                PacketType.WORK_COMPLETE);
    }

    @Test
    void issue12_lastAttemptFailsForGoodOnceWithTheExceptionReport() {
        List<Integer> finalAttempts = new CopyOnWriteArrayList<>();
        List<Integer> runs = new CopyOnWriteArrayList<>();
        RetryPolicy policy = RetryPolicy.builder().retries(1).backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                .onFinalFailure((job, error) -> finalAttempts.add(job.attempt())).build();
        worker().register("always-fails", null, policy, job -> {
            runs.add(job.attempt());
            throw new IllegalArgumentException("no " + job.attempt());
        }).start();

        RawGearman client = client();
        String handle = client.submit("always-fails", "f-1", utf8("x"));
        List<Packet> packets = client.awaitEnd(handle, WAIT);

        assertThat(packets).extracting(Packet::type).containsExactly(PacketType.WORK_WARNING,
                PacketType.WORK_WARNING, PacketType.WORK_FAIL);
        assertThat(text(packets.get(0).argument(1)))
                .isEqualTo("attempt 2 of 2 after java.lang.IllegalArgumentException: no 1");
        // the final report is the exception JSON, distinguishable from the retry warning
        assertThat(ExceptionPayload.decode(packets.get(1).argument(1)).message()).isEqualTo("no 2");
        assertThat(runs).containsExactly(1, 2);
        assertThat(finalAttempts).containsExactly(2);
    }

    @Test
    void issue12_badPayloadAndNonRetryableTypesAreNeverRetried() {
        List<String> finals = new CopyOnWriteArrayList<>();
        List<Integer> runs = new CopyOnWriteArrayList<>();
        RetryPolicy policy = RetryPolicy.builder().retries(3).backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                .retryOn(e -> !(e instanceof UnsupportedOperationException)).attemptCodec(PREFIX_CODEC)
                .onFinalFailure((job, error) -> finals.add(job.attempt() + " " + error.getClass().getSimpleName()))
                .build();
        worker().register("picky", null, policy, job -> {
            runs.add(job.attempt());
            String p = text(job.payload());
            if (p.equals("abort")) {
                throw new UnsupportedOperationException("abort");
            }
            throw new GearmanPayloadException("bad payload");
        }).start();

        RawGearman client = client();
        for (String payload : List.of("abort", "bad", "x|malformed mark")) {
            String handle = client.submit("picky", "p-" + payload.length(), utf8(payload));
            assertThat(client.awaitEnd(handle, WAIT)).extracting(Packet::type)
                    .containsExactly(PacketType.WORK_WARNING, PacketType.WORK_FAIL);
        }
        assertThat(runs).as("the malformed mark fails before the function runs").containsExactly(1, 1);
        assertThat(finals).containsExactly("1 UnsupportedOperationException", "1 GearmanPayloadException",
                "1 GearmanPayloadException");
    }

    private static Seen poll(BlockingQueue<Seen> queue) throws InterruptedException {
        Seen s = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(s).as("an attempt within " + WAIT).isNotNull();
        return s;
    }
}
