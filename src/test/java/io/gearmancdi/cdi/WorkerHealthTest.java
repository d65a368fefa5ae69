package io.gearmancdi.cdi;

import io.gearmancdi.cdi.fixtures.GearmanJobs;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.LogCapture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-application health of the workers (issue 10 item 4, container side): healthy while running or not meant to
 * run, unhealthy for good once a fatal failure is reported, with the listeners told once.
 */
class WorkerHealthTest {
    @Test
    @DisplayName("issue 10 item 4: a fatal worker failure makes the application unhealthy, logs GEARMAN-7015, tells listeners once")
    void fatalFailureMakesTheWorkersUnhealthyIssue10Item4() {
        try (CdiApp app = CdiApp.start(Map.of("gearman.embedded-server.enabled", "true",
                "gearman.embedded-server.port", "0", "gearman.job-name.prefix", "health"), GearmanJobs.class);
             LogCapture log = LogCapture.of("io.gearmancdi.cdi.WorkerManager")) {
            WorkerManager workers = app.get(WorkerManager.class);
            assertThat(workers.isRunning()).isTrue();
            assertThat(workers.isHealthy()).isTrue();
            assertThat(workers.fatalFailure()).isEmpty();
            List<Throwable> told = new CopyOnWriteArrayList<>();
            workers.onFatal(told::add);

            Error first = new OutOfMemoryError("simulated");
            workers.reportFatal(first);
            workers.reportFatal(new IllegalStateException("later"));

            assertThat(workers.isHealthy()).isFalse();
            assertThat(workers.fatalFailure()).containsSame(first);
            assertThat(told).containsExactly(first);
            assertThat(log.matching(Level.SEVERE, "GEARMAN-7015")).hasSize(2);
            // a listener that comes late still hears of it
            List<Throwable> late = new CopyOnWriteArrayList<>();
            workers.onFatal(late::add);
            assertThat(late).containsExactly(first);
        }
    }

    @Test
    @DisplayName("issue 10 item 4: workers that are disabled are not unhealthy")
    void disabledWorkersAreHealthyIssue10Item4() {
        try (CdiApp app = CdiApp.start(Map.of("gearman.worker.enabled", "false"), GearmanJobs.class)) {
            WorkerManager workers = app.get(WorkerManager.class);
            assertThat(workers.isRunning()).isFalse();
            assertThat(workers.isHealthy()).isTrue();
        }
    }
}
