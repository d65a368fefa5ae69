package io.gearmancdi.worker;

import io.gearmancdi.admin.AdminClient;
import io.gearmancdi.admin.QueuedJob;
import io.gearmancdi.protocol.PacketType;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.JobServer;
import io.gearmancdi.testing.RawGearman;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.gearmancdi.testing.RawGearman.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** The worker conformance suite against a real gearmand 1.1.20, plus what only gearmand shows. */
class GearmandWorkerTest extends AbstractWorkerConformanceTest {

    @Override
    protected JobServer startServer() {
        return Gearmand.start();
    }

    /** gearmand counts a job requeued after its worker's connection closed as one retry ({@code show jobs}). */
    @Test
    void jobAbandonedAtShutdownIsRequeuedWithOneRetryCounted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        GearmanWorker w = worker(options().build()).register("requeued", job -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        w.start();
        RawGearman client = client();
        String handle = client.submit(PacketType.SUBMIT_JOB_BG, "requeued", "requeued-1", utf8("x"));
        assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        assertThat(w.shutdown(Duration.ZERO)).isFalse();

        try (AdminClient admin = AdminClient.connect(server.address(), Duration.ofSeconds(5))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<QueuedJob> jobs = admin.showJobs();
            while (jobs.stream().noneMatch(j -> j.retries() == 1) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                jobs = admin.showJobs();
            }
            assertThat(jobs).containsExactly(new QueuedJob(handle, 1, false, true));
            assertThat(admin.status()).anySatisfy(f -> {
                assertThat(f.name()).isEqualTo("requeued");
                assertThat(f.total()).isEqualTo(1);
                assertThat(f.running()).isZero();
            });
        }
    }
}
