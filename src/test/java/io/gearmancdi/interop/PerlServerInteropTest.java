package io.gearmancdi.interop;

import io.gearmancdi.GearmanJobFailedException;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobListener;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.testing.JobServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 11 item 4: our client and our worker on the Perl job server {@code Gearman::Server} 1.130 (Debian
 * {@code gearman-server}), a foreign server that knows neither {@code GRAB_JOB_UNIQ} (it answers {@code ERROR}), nor
 * {@code GET_STATUS_UNIQUE}, and that ends a job on {@code WORK_FAIL}/{@code WORK_COMPLETE} only, not on
 * {@code WORK_EXCEPTION}.
 */
class PerlServerInteropTest extends InteropTestSupport {
    private JobServer server;
    private JobClient client;

    @BeforeEach
    void startServerAndWorker() {
        server = server("perl-gearmand");
        ourWorker(server, 2);
        client = client(server);
    }

    @Test
    void roundTrip() {
        assertThat(text(client.call("interop.upper", utf8("perl server"), SubmitOptions.DEFAULTS)))
                .isEqualTo("PERL SERVER");
    }

    @Test
    void backgroundJobAndStatus() throws Exception {
        JobHandle handle = client.submitBackground("interop.hold", utf8("x"),
                SubmitOptions.builder().unique("perl-bg-1").build()).get(PROMPT.toSeconds(), TimeUnit.SECONDS);
        assertThat(holding.await(PROMPT.toSeconds(), TimeUnit.SECONDS)).as("our worker started the job").isTrue();
        awaitStatus(client, handle, s -> s.known() && s.running() && s.numerator() == 1 && s.denominator() == 2,
                "running at 1/2");
        release.countDown();
        awaitStatus(client, handle, s -> !s.known(), "finished (unknown)");
    }

    @Test
    void progress() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void onStatus(JobHandle handle, long numerator, long denominator) {
                seen.add(numerator + "/" + denominator);
            }
        };
        byte[] result = client.submit("interop.progress", utf8("3"), SubmitOptions.builder().listener(listener).build())
                .get(PROMPT.toSeconds(), TimeUnit.SECONDS);
        assertThat(text(result)).isEqualTo("done 3");
        assertThat(seen).containsExactly("1/3", "2/3", "3/3");
    }

    @Test
    void failureIsSeenPromptly() {
        CompletableFuture<byte[]> failing = client.submit("interop.fail", utf8("x"), SubmitOptions.DEFAULTS);
        assertThatThrownBy(() -> failing.get(PROMPT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GearmanJobFailedException.class);
    }

    @Test
    void thousandJobs() throws Exception {
        List<JobClient.JobSpec> jobs = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            jobs.add(new JobClient.JobSpec("interop.echo", utf8("job-" + i), SubmitOptions.DEFAULTS));
        }
        List<CompletableFuture<byte[]>> results = client.submitAll(jobs);
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < MANY; i++) {
            assertThat(text(results.get(i).join())).isEqualTo("job-" + i);
        }
    }
}
