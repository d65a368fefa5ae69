package io.gearmancdi.cdi;

import io.gearmancdi.GearmanServerEvent;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.admin.FunctionStatus;
import io.gearmancdi.health.GearmanHealth;
import io.gearmancdi.health.ServerSampler;
import io.gearmancdi.metrics.GearmanMetrics;
import io.gearmancdi.metrics.internal.OpenTelemetryMetrics;
import io.gearmancdi.worker.AttemptOutcome;
import io.gearmancdi.worker.WorkerConnection;
import io.gearmancdi.worker.WorkerListener;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Health checks and metrics of the application's workers, built for {@link WorkerManager} so that the manager only
 * holds them: the checks read its state through method references.
 */
final class Observability {

    private Observability() {
    }

    /**
     * Publishes the application's metrics through the metrics API its server offers: OpenTelemetry metrics when an
     * {@code OpenTelemetry} bean is there with an API that has them (MicroProfile Telemetry 2.0: WildFly), otherwise
     * MicroProfile Metrics when a {@code MetricRegistry} bean is there (Payara Server 6). Neither API needs to be on
     * the class path: each is looked for before any of its classes is loaded.
     *
     * @return what to close to unpublish them, or {@code null} when there is no such API
     */
    static AutoCloseable publish(WorkerManager manager, GearmanExtension extension, Instance<Object> lookups) {
        GearmanMetrics metrics = manager.metrics();
        Supplier<Map<String, List<FunctionStatus>>> servers = () -> serverStatus(manager);
        String api = "OpenTelemetry";
        try {
            if (openTelemetryAvailable()) {
                AutoCloseable published = OpenTelemetryPublishing.publish(lookups, metrics, manager::connections,
                        servers);
                if (published != null) {
                    CdiMessages.metricsPublished("OpenTelemetry (meter " + OpenTelemetryMetrics.SCOPE + ")");
                    return published;
                }
            }
            api = "MicroProfile Metrics";
            if (MicroProfileMetrics.available()) {
                boolean workers = extension.settings().workerEnabled();
                Map<String, String> served = workers ? manager.jobsToServe() : Map.of();
                List<String> serverNames = workers
                        ? extension.servers().stream().map(ServerAddress::toString).toList() : List.of();
                AutoCloseable published = MicroProfileMetrics.publish(lookups, metrics, served.keySet(),
                        served.values(), serverNames, manager::connections, servers);
                if (published != null) {
                    CdiMessages.metricsPublished("MicroProfile Metrics (application registry)");
                    return published;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // never fail the application over its metrics: they stay available through WorkerManager.metrics()
            CdiMessages.metricNotPublished("(all)", api, e);
        }
        return null;
    }

    static void unpublish(AutoCloseable published) {
        if (published == null) {
            return;
        }
        try {
            published.close();
        } catch (Exception e) {
            CdiMessages.metricNotPublished("(unpublishing)", "the server's metrics API", e);
        }
    }

    private static boolean openTelemetryAvailable() {
        return OptionalApi.present(OptionalApi.OPENTELEMETRY) && OpenTelemetryMetrics.apiSupported();
    }

    /** The latest admin {@code status} of every reachable job server (sampled at most every 2 s). */
    private static Map<String, List<FunctionStatus>> serverStatus(WorkerManager manager) {
        Map<String, List<FunctionStatus>> servers = new LinkedHashMap<>();
        for (ServerSampler.Sample sample : manager.health().sampler().sample()) {
            if (sample.reachable()) {
                servers.put(sample.server().toString(), sample.status());
            }
        }
        return servers;
    }

    /** Touches the OpenTelemetry API; loaded only once {@link #openTelemetryAvailable()} said yes. */
    private static final class OpenTelemetryPublishing {
        static AutoCloseable publish(Instance<Object> lookups, GearmanMetrics metrics,
                                     Supplier<List<WorkerConnection>> connections,
                                     Supplier<Map<String, List<FunctionStatus>>> servers) {
            Instance<OpenTelemetry> otel = lookups.select(OpenTelemetry.class);
            if (!otel.isResolvable()) {
                return null;
            }
            return OpenTelemetryMetrics.register(otel.get(), metrics, connections, servers);
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
