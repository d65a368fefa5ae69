package io.gearmancdi.cdi.retries;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Issue 12: jobs that fail in the ways retries, time limits and dead letters are about. What they saw belongs to the
 * bean, so each application has its own record; a test reads it through {@code app.get(RetryJobs.class)}.
 */
@ApplicationScoped
public class RetryJobs {
    /** Every attempt: {@code <key> <attempt>/<maxAttempts> <nanoTime>}. */
    private final BlockingQueue<String> attempts = new LinkedBlockingQueue<>();
    /** Attempts of {@code slow} whose thread was interrupted: {@code <key> interrupted, cancelled <isCancelled>}. */
    private final BlockingQueue<String> interruptions = new LinkedBlockingQueue<>();
    /** What the dead-letter job received. */
    private final BlockingQueue<Map<String, Object>> deadLetters = new LinkedBlockingQueue<>();

    @GearmanJob(name = "flaky", retries = 2, backoff = "300ms", maxBackoff = "300ms")
    public String flaky(String key, JobContext context) {
        attempts.add(key + " " + context.attempt() + "/" + context.maxAttempts() + " " + System.nanoTime());
        if (context.attempt() < 3) {
            throw new IllegalStateException("flaky " + key + " attempt " + context.attempt());
        }
        return "ok " + key + " on attempt " + context.attempt();
    }

    @GearmanJob(name = "doomed", retries = 1, backoff = "10ms", maxBackoff = "10ms")
    public void doomed(String key, JobContext context) {
        attempts.add(key + " " + context.attempt() + "/" + context.maxAttempts());
        throw new IllegalStateException("doomed " + key);
    }

    @GearmanJob(name = "aborting", retries = 3, backoff = "10ms", maxBackoff = "10ms",
            abortOn = UnsupportedOperationException.class)
    public void aborting(String key, JobContext context) {
        attempts.add(key + " " + context.attempt() + "/" + context.maxAttempts());
        throw new UnsupportedOperationException("abort " + key);
    }

    @GearmanJob(name = "slow", retries = 1, timeout = "300ms", backoff = "10ms", maxBackoff = "10ms")
    public String slow(String key, JobContext context) throws InterruptedException {
        attempts.add(key + " " + context.attempt() + "/" + context.maxAttempts());
        if (context.attempt() == 1) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interruptions.add(key + " interrupted, cancelled " + context.isCancelled());
                throw e;
            }
        }
        return key + " done";
    }

    @GearmanJob(name = "dead-letters")
    public void deadLetter(Map<String, Object> failure) {
        deadLetters.add(failure);
    }

    /** @return the attempts recorded for {@code key}, in order */
    public List<String> attemptsOf(String key) {
        return attempts.stream().filter(a -> a.startsWith(key + " ")).toList();
    }

    /** @return every attempt so far, in order */
    public List<String> attempts() {
        return List.copyOf(attempts);
    }

    /** @return the interrupted attempts of {@code slow}, for the test to take */
    public BlockingQueue<String> interruptions() {
        return interruptions;
    }

    /** @return what the dead-letter job received, for the test to take */
    public BlockingQueue<Map<String, Object>> deadLetters() {
        return deadLetters;
    }
}
