package io.gearmancdi.cdi.store;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Issue 15: background jobs whose records the store keeps. What the test controls and reads (the gates, the jobs
 * done) is this application's, not static (docs/testing.md).
 */
@ApplicationScoped
public class StoreJobs {
    /** A typed result. */
    public record Report(String name, int pages) {
    }

    /** Gates of the jobs that wait: the test opens them. */
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    /** Every job that ended on the worker: {@code <name> <key>}. */
    private final BlockingQueue<String> done = new LinkedBlockingQueue<>();

    /** @return the gate the {@code gated} job with this key waits for (the test opens it) */
    public CountDownLatch gate(String key) {
        return gates.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    /** Opens every gate, so that no job still waits when the application shuts down. */
    public void openGates() {
        gates.values().forEach(CountDownLatch::countDown);
    }

    /** @return every {@code report} job this application's worker ran, as {@code report <name>}, in order */
    public BlockingQueue<String> done() {
        return done;
    }

    @GearmanJob(name = "report")
    public Report report(String name) {
        done.add("report " + name);
        return new Report(name, name.length());
    }

    @GearmanJob(name = "fails")
    public void fails(String why) {
        throw new IllegalArgumentException("bad input: " + why);
    }

    @GearmanJob(name = "flaky", retries = 1, backoff = "1s", maxBackoff = "1s")
    public String flaky(String key, JobContext context) {
        if (context.attempt() == 1) {
            throw new IllegalStateException("first attempt of " + key + " fails");
        }
        return key + " on attempt " + context.attempt();
    }

    @GearmanJob(name = "gated")
    public String gated(String key, JobContext context) throws InterruptedException {
        context.progress(1, 2);
        if (!gate(key).await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate " + key + " never opened");
        }
        return key + " done";
    }

    @GearmanJob(name = "big")
    public String big(int length) {
        return "x".repeat(length);
    }
}
