package io.gearmancdi.cdi.retries;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Issue 12: jobs that fail in the ways retries, time limits and dead letters are about. */
@ApplicationScoped
public class RetryJobs {
    /** Every attempt: {@code <key> <attempt>/<maxAttempts> <nanoTime>}. */
    public static final BlockingQueue<String> ATTEMPTS = new LinkedBlockingQueue<>();
    /** What the dead-letter job received. */
    public static final BlockingQueue<Map<String, Object>> DEAD_LETTERS = new LinkedBlockingQueue<>();

    @GearmanJob(name = "flaky", retries = 2, backoff = "300ms", maxBackoff = "300ms")
    public String flaky(String key, JobContext context) {
        ATTEMPTS.add(key + " " + context.attempt() + "/" + context.maxAttempts() + " " + System.nanoTime());
        if (context.attempt() < 3) {
            throw new IllegalStateException("flaky " + key + " attempt " + context.attempt());
        }
        return "ok " + key + " on attempt " + context.attempt();
    }

    @GearmanJob(name = "doomed", retries = 1, backoff = "10ms", maxBackoff = "10ms")
    public void doomed(String key, JobContext context) {
        ATTEMPTS.add(key + " " + context.attempt() + "/" + context.maxAttempts());
        throw new IllegalStateException("doomed " + key);
    }

    @GearmanJob(name = "aborting", retries = 3, backoff = "10ms", maxBackoff = "10ms",
            abortOn = UnsupportedOperationException.class)
    public void aborting(String key, JobContext context) {
        ATTEMPTS.add(key + " " + context.attempt() + "/" + context.maxAttempts());
        throw new UnsupportedOperationException("abort " + key);
    }

    @GearmanJob(name = "slow", retries = 1, timeout = "300ms", backoff = "10ms", maxBackoff = "10ms")
    public String slow(String key, JobContext context) throws InterruptedException {
        ATTEMPTS.add(key + " " + context.attempt() + "/" + context.maxAttempts());
        if (context.attempt() == 1) {
            Thread.sleep(60_000);
        }
        return key + " done";
    }

    @GearmanJob(name = "dead-letters")
    public void deadLetter(Map<String, Object> failure) {
        DEAD_LETTERS.add(failure);
    }

    /** @return the attempts recorded for {@code key}, in order */
    public static List<String> attemptsOf(String key) {
        return ATTEMPTS.stream().filter(a -> a.startsWith(key + " ")).toList();
    }
}
