package io.gearmancdi.worker;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.testing.Gearmand;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lifecycle rules of the worker that need no server. */
class DefaultGearmanWorkerTest {
    private static WorkerOptions unreachable() {
        // a port nobody listens on: loops retry in the background, which these tests do not care about
        return WorkerOptions.builder().servers(List.of(new ServerAddress("127.0.0.1", Gearmand.freePort())))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(50)).build();
    }

    @Test
    void startWithoutFunctionsIsRefused() {
        GearmanWorker w = GearmanWorker.create(unreachable());
        assertThatThrownBy(w::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("no function");
    }

    @Test
    void duplicateFunctionNameIsRefused() {
        GearmanWorker w = GearmanWorker.create(unreachable()).register("f", job -> null);
        assertThatThrownBy(() -> w.register("f", job -> null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'f'");
    }

    @Test
    void invalidFunctionNameOrTimeoutIsRefused() {
        GearmanWorker w = GearmanWorker.create(unreachable());
        assertThatThrownBy(() -> w.register("", job -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.register("a\0b", job -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.register("t", Duration.ZERO, job -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registerAfterStartAndSecondStartAreRefused() {
        GearmanWorker w = GearmanWorker.create(unreachable()).register("f", job -> null);
        w.start();
        try {
            assertThatThrownBy(() -> w.register("g", job -> null)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(w::start).isInstanceOf(IllegalStateException.class);
        } finally {
            assertThat(w.shutdown(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void shutdownBeforeStartAndRepeatedShutdownAreHarmless() {
        GearmanWorker w = GearmanWorker.create(unreachable()).register("f", job -> null);
        assertThat(w.shutdown(Duration.ZERO)).isTrue();
        assertThat(w.shutdown(Duration.ZERO)).isTrue();
        w.close();
        assertThatThrownBy(w::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shutdownWhileRetryingAnUnreachableServerEndsPromptlyAndLeavesNoThread() throws Exception {
        WorkerOptions options = unreachable();
        String prefix = "gearman-worker-" + options.servers().get(0) + "-";
        GearmanWorker w = GearmanWorker.create(options.mutate().connectionsPerServer(2).build())
                .register("f", job -> null);
        w.start();

        assertThat(w.shutdown(Duration.ofSeconds(5))).isTrue();

        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                t.join(5000);
                assertThat(t.isAlive()).as(t.getName()).isFalse();
            }
        }
    }

    @Test
    void executorRefusingTheLoopsFailsStartAndLeavesTheWorkerStopped() {
        GearmanWorker w = GearmanWorker.create(unreachable().mutate().executor(task -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        }).build()).register("f", job -> null);

        assertThatThrownBy(w::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("full");
        assertThat(w.shutdown(Duration.ZERO)).isTrue();
    }

    @Test
    void issue10item4_healthIsReportedOnlyWhileStartedAndOptionsKeepTheNewSettings() {
        java.util.function.Consumer<Throwable> handler = e -> { };
        WorkerOptions options = unreachable().mutate().replyTimeout(Duration.ofSeconds(3)).onFatalError(handler)
                .build();
        assertThat(options.mutate().build().replyTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.mutate().build().fatalErrorHandler()).isSameAs(handler);
        GearmanWorker w = GearmanWorker.create(options).register("f", job -> null);
        assertThat(w.isHealthy()).as("not started").isFalse();
        w.start();
        assertThat(w.isHealthy()).as("started; an unreachable server is retried, not fatal").isTrue();
        w.shutdown(Duration.ZERO);
        assertThat(w.isHealthy()).as("stopped").isFalse();
    }
}
