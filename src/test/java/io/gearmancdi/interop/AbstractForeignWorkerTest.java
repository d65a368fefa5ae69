package io.gearmancdi.interop;

import io.gearmancdi.GearmanJobFailedException;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobListener;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.testing.Foreign;
import io.gearmancdi.testing.JobServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our {@code JobClient} calls a foreign worker (issue 11 item 4): round trip, background job + status, progress,
 * failure, 1,000 jobs, on every server of the subclass's {@code servers()}. The worker scripts register
 * {@code w.echo}, {@code w.progress}, {@code w.hold}, {@code w.fail} and one function that throws.
 */
abstract class AbstractForeignWorkerTest extends InteropTestSupport {
    @TempDir
    Path dir;

    /** Starts the worker script with function prefix {@code w}. */
    protected abstract Foreign startWorker(ServerAddress server);

    /** @return the worker's function whose code throws ({@code die} in Perl, {@code throw} in node) */
    protected abstract String throwingFunction();

    /** @return a server of the matrix with the foreign worker registered on it */
    protected JobServer serverWithForeignWorker(String kind) {
        JobServer server = server(kind);
        Foreign worker = track(startWorker(server.address()));
        worker.awaitLine("READY", Foreign.WAIT);
        for (String f : List.of("echo", "progress", "hold", "fail", throwingFunction())) {
            awaitWorker(server, "w." + f);
        }
        return server;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void roundTripToTheForeignWorker(String kind) {
        JobClient client = client(serverWithForeignWorker(kind));
        assertThat(text(client.call("w.echo", utf8("hello from java"), SubmitOptions.DEFAULTS)))
                .isEqualTo("hello from java");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void backgroundJobOfTheForeignWorkerAndItsStatus(String kind) throws Exception {
        JobClient client = client(serverWithForeignWorker(kind));
        Path released = dir.resolve("released");
        JobHandle handle = client.submitBackground("w.hold", utf8(released.toString()),
                SubmitOptions.builder().unique("interop-bg-2").build()).get(PROMPT.toSeconds(), TimeUnit.SECONDS);
        awaitStatus(client, handle, s -> s.known() && s.running() && s.numerator() == 1 && s.denominator() == 2,
                "running at 1/2");
        Files.createFile(released);
        awaitStatus(client, handle, s -> !s.known(), "finished (unknown)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void progressOfTheForeignWorkerReachesOurClient(String kind) throws Exception {
        JobClient client = client(serverWithForeignWorker(kind));
        List<String> seen = new CopyOnWriteArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void onStatus(JobHandle handle, long numerator, long denominator) {
                seen.add(numerator + "/" + denominator);
            }
        };
        byte[] result = client.submit("w.progress", utf8("4"), SubmitOptions.builder().listener(listener).build())
                .get(PROMPT.toSeconds(), TimeUnit.SECONDS);
        assertThat(text(result)).isEqualTo("done 4");
        assertThat(seen).containsExactly("1/4", "2/4", "3/4", "4/4");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void failureOfTheForeignWorkerIsSeenPromptly(String kind) {
        JobClient client = client(serverWithForeignWorker(kind));
        CompletableFuture<byte[]> failing = client.submit("w.fail", utf8("x"), SubmitOptions.DEFAULTS);
        assertThatThrownBy(() -> failing.get(PROMPT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GearmanJobFailedException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void exceptionOfTheForeignWorkerIsSeenPromptly(String kind) {
        JobClient client = client(serverWithForeignWorker(kind));
        CompletableFuture<byte[]> failing = client.submit("w." + throwingFunction(), utf8("x"), SubmitOptions.DEFAULTS);
        assertThatThrownBy(() -> failing.get(PROMPT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GearmanJobFailedException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void thousandJobsToTheForeignWorker(String kind) throws Exception {
        JobClient client = client(serverWithForeignWorker(kind));
        List<JobClient.JobSpec> jobs = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            jobs.add(new JobClient.JobSpec("w.echo", utf8("job-" + i), SubmitOptions.DEFAULTS));
        }
        List<CompletableFuture<byte[]>> results = client.submitAll(jobs);
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < MANY; i++) {
            assertThat(text(results.get(i).join())).isEqualTo("job-" + i);
        }
    }
}
