package io.gearmancdi.cdi;

import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.GearmanTimeoutException;
import io.gearmancdi.JobFailure;
import io.gearmancdi.cdi.retries.FailureObservers;
import io.gearmancdi.cdi.retries.RetryJobs;
import io.gearmancdi.protocol.ExceptionPayload;
import io.gearmancdi.protocol.Packet;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.JobServer;
import io.gearmancdi.testing.LogCapture;
import io.gearmancdi.testing.RawGearman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.gearmancdi.testing.RawGearman.text;
import static io.gearmancdi.testing.RawGearman.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 in the CDI layer: {@code @GearmanJob(retries, backoff, timeout, abortOn)}, {@code JobContext.attempt()},
 * the {@link JobFailure} event and the dead-letter job, driven over the wire by a raw client (as another language
 * would). Subclasses choose the server.
 */
abstract class AbstractRetryEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private JobServer server;
    private CdiApp app;
    private RawGearman client;

    private RetryJobs jobs;
    private FailureObservers failures;

    protected abstract JobServer startServer();

    @BeforeEach
    void start() {
        server = startServer();
        app = CdiApp.start(Map.of("gearman.servers", server.address().toString(), "gearman.job-name.prefix", "none",
                        "gearman.worker.poll-interval", "200ms", "gearman.worker.shutdown-timeout", "2s",
                        "gearman.dead-letter.job", "dead-letters",
                        "gearman.job.retries", "1", // all-job default: the annotation's own values win over it
                        "gearman.job.\"aborting\".retries", "5"), // per job: wins over the annotation
                RetryJobs.class, FailureObservers.class);
        jobs = app.get(RetryJobs.class);
        failures = app.get(FailureObservers.class);
        client = RawGearman.connect(server.address());
    }

    @AfterEach
    void stop() {
        client.close();
        app.close();
        server.close();
    }

    @Test
    void issue12_backgroundJobFailingTwiceSucceedsOnItsThirdAttemptWithBackoffBetween() throws Exception {
        client.submit(PacketType.SUBMIT_JOB_BG, "flaky", "bg-1", utf8("{\"args\":[\"bg-1\"]}"));
        List<String> attempts = awaitAttempts("bg-1", 3);
        assertThat(attempts).extracting(a -> a.split(" ")[1]).containsExactly("1/3", "2/3", "3/3");
        long[] at = attempts.stream().mapToLong(a -> Long.parseLong(a.split(" ")[2])).toArray();
        // a delayed job never runs before it is due, and no delay is below the back-off (jitter stays within
        // [backoff, maxBackoff], here both 300 ms)
        assertThat(at[1] - at[0]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(at[2] - at[1]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        Thread.sleep(500); // nothing should follow a success; a short look suffices as a negative check
        assertThat(jobs.attemptsOf("bg-1")).hasSize(3);
        assertThat(failures.sync()).isEmpty();
    }

    @Test
    void issue12_foregroundJobIsRetriedInPlaceAndTheCallerSeesTheWarnings() {
        String handle = client.submit("flaky", "fg-1", utf8("{\"args\":[\"fg-1\"]}"));
        List<Packet> packets = client.awaitEnd(handle, WAIT);
        assertThat(packets).extracting(Packet::type).containsExactly(PacketType.WORK_WARNING,
                PacketType.WORK_WARNING, PacketType.WORK_COMPLETE);
        assertThat(text(packets.get(0).argument(1)))
                .isEqualTo("attempt 2 of 3 after java.lang.IllegalStateException: flaky fg-1 attempt 1");
        assertThat(text(packets.get(1).argument(1)))
                .isEqualTo("attempt 3 of 3 after java.lang.IllegalStateException: flaky fg-1 attempt 2");
        assertThat(text(packets.get(2).argument(1))).isEqualTo("\"ok fg-1 on attempt 3\"");
    }

    @Test
    void issue12_aLaterSubmissionWithTheSameUniqueStartsAfresh() {
        for (int round = 1; round <= 2; round++) {
            String handle = client.submit("flaky", "same", utf8("{\"args\":[\"same\"]}"));
            assertThat(client.awaitEnd(handle, WAIT)).extracting(Packet::type).containsExactly(
                    PacketType.WORK_WARNING, PacketType.WORK_WARNING, PacketType.WORK_COMPLETE);
        }
        assertThat(jobs.attemptsOf("same")).extracting(a -> a.split(" ")[1])
                .containsExactly("1/3", "2/3", "3/3", "1/3", "2/3", "3/3");
    }

    @Test
    void issue12_timedOutAttemptIsAbandonedAndRetried() throws Exception {
        String handle = client.submit("slow", "s-1", utf8("{\"args\":[\"s-1\"]}"));
        List<Packet> packets = client.awaitEnd(handle, WAIT);
        assertThat(packets).extracting(Packet::type).containsExactly(PacketType.WORK_WARNING,
                PacketType.WORK_COMPLETE);
        assertThat(text(packets.get(0).argument(1)))
                .startsWith("attempt 2 of 2 after " + GearmanTimeoutException.class.getName());
        assertThat(text(packets.get(1).argument(1))).isEqualTo("\"s-1 done\"");
        assertThat(poll(jobs.interruptions())).as("the abandoned attempt's thread, through JobContext")
                .isEqualTo("s-1 interrupted, cancelled true");
        // the worker connection goes on serving: the next job on it runs (its first attempt times out again)
        String next = client.submit("slow", "s-2", utf8("{\"args\":[\"s-2\"]}"));
        assertThat(client.awaitEnd(next, WAIT)).extracting(Packet::type).containsExactly(PacketType.WORK_WARNING,
                PacketType.WORK_COMPLETE);
        assertThat(jobs.attemptsOf("s-1")).containsExactly("s-1 1/2", "s-1 2/2");
    }

    @Test
    void issue12_finalFailureFiresOneJobFailureAndReachesTheDeadLetterJob() throws Exception {
        try (LogCapture log = LogCapture.of("io.gearmancdi.cdi.WorkerManager")) {
            client.submit(PacketType.SUBMIT_JOB_BG, "doomed", "d-1", utf8("{\"args\":[\"d-1\"]}"));
            Map<String, Object> letter = poll(jobs.deadLetters());
            JobFailure event = poll(failures.sync());
            JobFailure async = poll(failures.async());

            assertThat(event.jobName()).isEqualTo("doomed");
            assertThat(event.functionName()).isEqualTo("doomed");
            assertThat(event.handle()).isNotBlank();
            assertThat(event.unique()).isEqualTo("d-1#2");
            assertThat(event.attempts()).isEqualTo(2);
            assertThat(event.errorType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(event.errorMessage()).isEqualTo("doomed d-1");
            // issue 15: a retry also carries the first attempt's unique id (the job record store keys the job by it)
            assertThat(event.payload()).isEqualTo("{\"args\":[\"d-1\"],\"meta\":{\"attempt\":2,\"unique\":\"d-1\"}}");
            assertThat(async).isEqualTo(event);
            assertThat(letter).containsEntry("jobName", "doomed").containsEntry("functionName", "doomed")
                    .containsEntry("handle", event.handle()).containsEntry("unique", "d-1#2")
                    .containsEntry("errorType", IllegalStateException.class.getName())
                    .containsEntry("errorMessage", "doomed d-1").containsEntry("payload", event.payload());
            assertThat(((Number) letter.get("attempts")).intValue()).isEqualTo(2);
            assertThat(jobs.attemptsOf("d-1")).containsExactly("d-1 1/2", "d-1 2/2");
            assertThat(log.await(java.util.logging.Level.WARNING, "GEARMAN-7019", WAIT.toMillis()))
                    .as("the throwing observer is logged").isTrue();
            Thread.sleep(500); // a short look for a second event, which must not come
            assertThat(failures.sync()).isEmpty();
            assertThat(jobs.deadLetters()).isEmpty();
        }
    }

    @Test
    void issue12_afterAFinalFailureASubmissionWithTheSameUniqueStartsAfresh() throws Exception {
        for (int round = 1; round <= 2; round++) {
            client.submit(PacketType.SUBMIT_JOB_BG, "doomed", "again", utf8("{\"args\":[\"again\"]}"));
            JobFailure event = poll(failures.sync());
            assertThat(event.unique()).isEqualTo("again#2");
            assertThat(event.attempts()).isEqualTo(2);
            assertThat(poll(jobs.deadLetters())).containsEntry("unique", "again#2");
            assertThat(jobs.attemptsOf("again")).as("round " + round).hasSize(2 * round);
        }
        assertThat(jobs.attemptsOf("again")).containsExactly("again 1/2", "again 2/2", "again 1/2", "again 2/2");
    }

    @Test
    void issue12_abortOnStopsAtOnceAndPerJobConfigurationOverridesTheAnnotation() throws Exception {
        String handle = client.submit("aborting", "a-1", utf8("{\"args\":[\"a-1\"]}"));
        List<Packet> packets = client.awaitEnd(handle, WAIT);
        assertThat(packets).extracting(Packet::type).containsExactly(PacketType.WORK_WARNING, PacketType.WORK_FAIL);
        assertThat(ExceptionPayload.decode(packets.get(0).argument(1)).type())
                .isEqualTo(UnsupportedOperationException.class.getName());
        assertThat(jobs.attemptsOf("a-1")).containsExactly("a-1 1/6");
        assertThat(poll(failures.sync()).attempts()).isEqualTo(1);
    }

    @Test
    void issue12_badPayloadAndWrongShapedMetaAreNeverRetried() throws Exception {
        for (String payload : List.of("not json", "{\"args\":[\"m-1\"],\"meta\":{\"attempt\":\"two\"}}",
                "{\"args\":[\"m-2\"],\"meta\":[2]}")) {
            String handle = client.submit("flaky", "p-" + payload.length(), utf8(payload));
            List<Packet> packets = client.awaitEnd(handle, WAIT);
            assertThat(packets).extracting(Packet::type).containsExactly(PacketType.WORK_WARNING,
                    PacketType.WORK_FAIL);
            ExceptionPayload failure = ExceptionPayload.decode(packets.get(0).argument(1));
            assertThat(failure.type()).isEqualTo(GearmanPayloadException.class.getName());
            JobFailure event = poll(failures.sync());
            assertThat(event.attempts()).isEqualTo(1);
            assertThat(event.errorType()).isEqualTo(GearmanPayloadException.class.getName());
        }
        assertThat(jobs.attempts()).as("no attempt ran").isEmpty();
    }

    private List<String> awaitAttempts(String key, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (jobs.attemptsOf(key).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(jobs.attemptsOf(key)).hasSize(count);
        return jobs.attemptsOf(key);
    }

    private static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T t = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(t).as("arrived within " + WAIT).isNotNull();
        return t;
    }
}
