package io.gearmancdi.interop;

import io.gearmancdi.JobHandle;
import io.gearmancdi.JobStatus;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.testing.AdminText;
import io.gearmancdi.testing.EmbeddedJobServer;
import io.gearmancdi.testing.Foreign;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.JobServer;
import io.gearmancdi.testing.PerlGearmanServer;
import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.JobFunction;
import io.gearmancdi.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What the interop tests share (issue 11 item 4): the job servers of the matrix (real gearmand, the embedded server,
 * the Perl Gearman::Server), our client and worker with the functions the foreign scripts call, and cleanup of
 * everything a test started (foreign processes are killed).
 */
abstract class InteropTestSupport {
    /** How soon the other side must see an outcome (a failure included): generous, but far below the 60 s timeouts. */
    protected static final Duration PROMPT = Duration.ofSeconds(20);
    /** Jobs of the volume tests. */
    protected static final int MANY = 1000;

    private final List<AutoCloseable> resources = new ArrayList<>();
    /** Released by a test to let our {@code interop.hold} job finish. */
    protected final CountDownLatch release = new CountDownLatch(1);
    /** Counted down when our {@code interop.hold} job has started and sent its first status. */
    protected final CountDownLatch holding = new CountDownLatch(1);

    @AfterEach
    void closeEverything() {
        release.countDown();
        Collections.reverse(resources);
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    /** @return a started server of the matrix: {@code gearmand}, {@code embedded} or {@code perl-gearmand} */
    protected JobServer server(String kind) {
        JobServer server = switch (kind) {
            case "gearmand" -> Gearmand.start();
            case "embedded" -> EmbeddedJobServer.start();
            case "perl-gearmand" -> PerlGearmanServer.start();
            default -> throw new IllegalArgumentException(kind);
        };
        resources.add(server);
        return server;
    }

    protected <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    protected JobClient client(JobServer server) {
        return track(JobClient.create(ClientOptions.builder().servers(List.of(server.address())).timeout(PROMPT.multipliedBy(2))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).build()));
    }

    /**
     * Starts our plain worker on {@code server} with the functions the foreign clients call: {@code interop.upper},
     * {@code interop.echo}, {@code interop.progress} (payload N: status 1/N .. N/N, result "done N"),
     * {@code interop.hold} (status 1/2, waits for {@link #release}, status 2/2, result "released") and
     * {@code interop.fail} (throws), and waits until the server lists it.
     */
    protected GearmanWorker ourWorker(JobServer server, int connections) {
        GearmanWorker worker = GearmanWorker.create(WorkerOptions.builder().servers(List.of(server.address()))
                .connectionsPerServer(connections).backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .pollInterval(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(2)).build());
        Map<String, JobFunction> functions = Map.of(
                "interop.upper", job -> text(job.payload()).toUpperCase().getBytes(StandardCharsets.UTF_8),
                "interop.echo", job -> job.payload(),
                "interop.progress", job -> {
                    int n = Integer.parseInt(text(job.payload()));
                    for (int i = 1; i <= n; i++) {
                        job.sendStatus(i, n);
                    }
                    return utf8("done " + n);
                },
                "interop.hold", job -> {
                    job.sendStatus(1, 2);
                    holding.countDown();
                    if (!release.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("not released within 60 s");
                    }
                    job.sendStatus(2, 2);
                    return utf8("released");
                },
                "interop.fail", job -> {
                    throw new IllegalStateException("our job failed on purpose");
                });
        functions.forEach(worker::register);
        worker.start();
        track(worker);
        for (String function : functions.keySet()) {
            awaitWorker(server, function);
        }
        return worker;
    }

    /** Waits until the server's {@code status} lists at least one worker for {@code function}. */
    protected static void awaitWorker(JobServer server, String function) {
        AdminText.await(server.address(), "status", status -> status.lines()
                .anyMatch(l -> l.startsWith(function + "\t") && !l.endsWith("\t0")), "a worker for " + function);
    }

    /** Polls our client's {@code GET_STATUS} until {@code condition} holds (bounded by {@link #PROMPT}). */
    protected static JobStatus awaitStatus(JobClient client, JobHandle handle, Predicate<JobStatus> condition,
                                           String what) throws InterruptedException {
        long deadline = System.nanoTime() + PROMPT.toNanos();
        JobStatus last;
        do {
            last = client.status(handle);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("status of " + handle + " is still " + last + " after " + PROMPT + ", not " + what);
    }

    /**
     * Polls a foreign client's {@code status HANDLE} command until its line matches (bounded by {@link #PROMPT}).
     *
     * @param script    the client script
     * @param node      whether it is a node script (else Perl)
     */
    protected static String awaitForeignStatus(String script, boolean node, ServerAddress server, String handle,
                                               Predicate<String> condition, String what) {
        long deadline = System.nanoTime() + PROMPT.toNanos();
        String last;
        do {
            Foreign status = node ? Foreign.node(script, server, "status", handle)
                    : Foreign.perl(script, server, "status", handle);
            last = String.join("\n", Foreign.run(status));
            if (last.lines().anyMatch(condition)) {
                return last;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError(script + " status " + handle + " still prints '" + last + "' after " + PROMPT
                + ", not " + what);
    }

    /** @return the first line starting with one of {@code prefixes}, waiting at most {@link #PROMPT} */
    protected static String awaitOutcome(Foreign foreign, String... prefixes) {
        long deadline = System.nanoTime() + PROMPT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : foreign.lines()) {
                for (String prefix : prefixes) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(foreign + " printed no line starting with " + List.of(prefixes) + " within "
                + PROMPT + "; printed " + foreign.lines());
    }

    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
