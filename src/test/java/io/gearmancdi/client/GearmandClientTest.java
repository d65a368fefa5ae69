package io.gearmancdi.client;

import io.gearmancdi.JobHandle;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.admin.AdminClient;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.JobServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The client conformance suite against a real gearmand 1.1.20. */
class GearmandClientTest extends AbstractClientConformanceTest {

    @Override
    protected JobServer startServer() {
        return Gearmand.start();
    }

    /**
     * Issue 12, cancel: what gearmand 1.1.20 itself answers for a running job. The admin {@code cancel job} says
     * {@code OK} (it only flags the job: the worker runs it to its end), which is why {@link JobClient#cancel} asks
     * for the status around it and reports a running job as not removed.
     */
    @Test
    void issue12GearmandAnswersOkToCancellingARunningJobAndLetsItFinish() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        worker("admin-cancel-running", job -> {
            started.countDown();
            try {
                release.await();
                seen.add("completed");
            } catch (InterruptedException e) {
                seen.add("interrupted");
            }
            finished.countDown();
            return null;
        });
        JobHandle running = client().submitBackground("admin-cancel-running", utf8("x"), SubmitOptions.DEFAULTS)
                .get(10, TimeUnit.SECONDS);
        assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        try (AdminClient admin = AdminClient.connect(server.address(), Duration.ofSeconds(5))) {
            assertThat(admin.cancelJob(running.handle())).as("gearmand's answer for a running job").isTrue();
        }
        release.countDown();
        assertThat(finished.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(seen).containsExactly("completed");
    }
}
