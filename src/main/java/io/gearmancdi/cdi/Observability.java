package io.gearmancdi.cdi;

import io.gearmancdi.health.GearmanHealth;
import io.gearmancdi.health.ServerSampler;
import io.gearmancdi.metrics.GearmanMetrics;
import io.gearmancdi.GearmanServerEvent;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.worker.AttemptOutcome;
import io.gearmancdi.worker.WorkerListener;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;
import java.util.Map;

/**
 * Health checks and metrics of the application's workers, built for {@link WorkerManager} so that the manager only
 * holds them: the checks read its state through method references.
 */
final class Observability {
    /** Config key: whether the worker feeds the metrics (a few atomic increments per job). Default {@code true}. */
    static final String METRICS_ENABLED = "gearman.metrics.enabled";

    private Observability() {
    }

    static boolean metricsEnabled() {
        try {
            return ConfigProvider.getConfig().getOptionalValue(METRICS_ENABLED, Boolean.class).orElse(true);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return true; // no or a broken config: the settings' own validation reports it
        }
    }

    static GearmanHealth health(WorkerManager manager, GearmanSettings settings, List<ServerAddress> servers) {
        ServerSampler sampler = new ServerSampler(servers, ServerSampler.DEFAULT_INTERVAL,
                ServerSampler.DEFAULT_TIMEOUT);
        boolean expected = settings.workerEnabled() && !manager.jobsToServe().isEmpty();
        return GearmanHealth.builder()
                .sampler(sampler)
                .workersExpected(() -> expected)
                .worker(manager::runningWorker)
                .jobs(manager::jobsToServe)
                .healthy(manager::isHealthy)
                .fatal(manager::fatalFailure)
                .build();
    }

    /**
     * The worker's listener: feeds the metrics (unless disabled) and fires {@link GearmanServerEvent}s asynchronously,
     * so that an observer never holds up a connection loop.
     */
    static WorkerListener listener(GearmanMetrics metrics, BeanManager beanManager) {
        Event<GearmanServerEvent> events = beanManager.getEvent().select(GearmanServerEvent.class);
        return new WorkerListener() {
            @Override
            public void jobEnded(String function, AttemptOutcome outcome, long durationNanos) {
                if (metrics != null) {
                    metrics.jobEnded(function, outcome, durationNanos);
                }
            }

            @Override
            public void serverDown(ServerAddress server, Exception cause) {
                fire(new GearmanServerEvent(server, false, cause));
            }

            @Override
            public void serverUp(ServerAddress server) {
                fire(new GearmanServerEvent(server, true, null));
            }

            private void fire(GearmanServerEvent event) {
                events.fireAsync(event).exceptionally(failure -> {
                    CdiMessages.serverEventObserverFailed(event, failure);
                    return null;
                });
            }
        };
    }

    /** Maps the function names of the served jobs back to their logical names, for the {@code job} label. */
    static void nameJobs(GearmanMetrics metrics, Map<String, String> logicalToFunction) {
        Map<String, String> byFunction = new java.util.HashMap<>();
        logicalToFunction.forEach((logical, function) -> byFunction.put(function, logical));
        metrics.logicalNames(byFunction::get);
    }
}
