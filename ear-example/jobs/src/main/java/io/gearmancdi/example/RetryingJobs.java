package io.gearmancdi.example;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs that fail. {@code example-flaky} fails its first two attempts and succeeds on the third: the worker retries it
 * ({@code retries = 2}) after a back-off from 200 ms. {@code example-doomed} always fails: after its last attempt the
 * library fires {@link io.gearmancdi.JobFailure}, which {@link FailureLog} observes. Each records its attempts per id,
 * so the tests can see them.
 */
@ApplicationScoped
public class RetryingJobs {
    /** The flaky job's logical name. */
    public static final String FLAKY = "example-flaky";
    /** The always failing job's logical name. */
    public static final String DOOMED = "example-doomed";
    private static final int MAX_ENTRIES = 1000;

    private final Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
    private final Map<String, String> results = new ConcurrentHashMap<>();

    /**
     * @param id      the caller's id for this job
     * @param context the running job: which attempt this is
     * @return {@code "<id> done after <n> attempts"}, on the third attempt
     * @throws IllegalStateException on the first two attempts
     */
    @GearmanJob(name = FLAKY, retries = 2, backoff = "200ms")
    public String flaky(String id, JobContext context) {
        record(id, context.attempt());
        if (context.attempt() < 3) {
            throw new IllegalStateException("attempt " + context.attempt() + " of " + id + " fails");
        }
        String result = id + " done after " + context.attempt() + " attempts";
        results.put(id, result);
        return result;
    }

    /**
     * @param id the caller's id for this job
     * @throws IllegalStateException always, on both attempts
     */
    @GearmanJob(name = DOOMED, retries = 1, backoff = "200ms")
    public String doomed(String id, JobContext context) {
        record(id, context.attempt());
        throw new IllegalStateException(id + " cannot be done (attempt " + context.attempt() + " of "
                + context.maxAttempts() + ")");
    }

    private void record(String id, int attempt) {
        if (attempts.size() < MAX_ENTRIES || attempts.containsKey(id)) {
            List<Integer> list = attempts.computeIfAbsent(id, k -> new ArrayList<>());
            synchronized (list) {
                list.add(attempt);
            }
        }
    }

    /**
     * @param id a job's id
     * @return the attempts this instance ran of it, in order ({@link JobContext#attempt()} of each)
     */
    public List<Integer> attemptsOf(String id) {
        List<Integer> list = attempts.get(id);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /**
     * @param id a flaky job's id
     * @return its result, once an attempt succeeded
     */
    public String resultOf(String id) {
        return results.get(id);
    }
}
