package io.gearmancdi.cdi;

import io.gearmancdi.admin.FunctionStatus;
import io.gearmancdi.metrics.GearmanMetrics;
import io.gearmancdi.metrics.Histogram;
import io.gearmancdi.worker.AttemptOutcome;
import io.gearmancdi.worker.WorkerConnection;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Publishes {@link GearmanMetrics} in the application's MicroProfile Metrics registry (Payara Server 6: {@code /metrics}),
 * under the Prometheus names and labels of the standalone {@code /metrics}, so that the same queries work on both.
 *
 * <p>Every series is a gauge that reads the registry's adders when the server is scraped: MicroProfile Metrics 5 can
 * neither register a counter it did not create nor feed a histogram fixed buckets, and a counter or histogram of its
 * own would cost the job path an update each. So {@code gearman_jobs_total} and {@code gearman_client_calls_total} are
 * gauges that only grow, and each histogram is its {@code _bucket{le}}, {@code _sum} and {@code _count} series (what
 * {@code histogram_quantile} reads); only the {@code # TYPE} lines differ from the standalone endpoint. Series are
 * registered when they appear (the registry's {@link GearmanMetrics.Observer}), the served jobs' at once.
 *
 * <p>Only {@link #available()} may be called without the API on the class path: the rest is loaded once it said yes.
 */
final class MicroProfileMetrics {
    private static final String API = "org.eclipse.microprofile.metrics.MetricRegistry";

    private MicroProfileMetrics() {
    }

    static boolean available() {
        return OptionalApi.present(API);
    }

    /**
     * @param lookups an injected {@code Instance} (Payara's registry producer needs the injection point it carries)
     * @return the publisher, or {@code null} when the application has no {@code MetricRegistry} bean
     */
    static AutoCloseable publish(Instance<Object> lookups, GearmanMetrics metrics, Collection<String> servedJobs,
                                 Collection<String> servedFunctions, Collection<String> servers,
                                 Supplier<List<WorkerConnection>> connections,
                                 Supplier<Map<String, List<FunctionStatus>>> serverStatus) {
        Instance<MetricRegistry> registries = lookups.select(MetricRegistry.class);
        if (!registries.isResolvable()) {
            return null;
        }
        Publisher publisher = new Publisher(registries.get(), metrics, connections);
        publisher.serverGauges(servers, servedFunctions, serverStatus);
        servedJobs.forEach(publisher::workerSeriesAdded);
        metrics.observer(publisher);
        return publisher;
    }

    /** Registers the gauges; told of new series by the registry. */
    private static final class Publisher implements GearmanMetrics.Observer, AutoCloseable {
        private final MetricRegistry registry;
        private final GearmanMetrics metrics;
        private final Supplier<List<WorkerConnection>> connections;
        private final Set<MetricID> registered = ConcurrentHashMap.newKeySet();
        private final double[] bounds = Histogram.bounds();

        Publisher(MetricRegistry registry, GearmanMetrics metrics, Supplier<List<WorkerConnection>> connections) {
            this.registry = registry;
            this.metrics = metrics;
            this.connections = connections;
        }

        @Override
        public void workerSeriesAdded(String job) {
            Tag jobTag = new Tag("job", job);
            for (AttemptOutcome outcome : AttemptOutcome.values()) {
                gauge(GearmanMetrics.JOBS_TOTAL, "Jobs run by this instance's workers, by outcome.",
                        () -> metrics.jobCount(job, outcome.label()), jobTag, new Tag("outcome", outcome.label()));
            }
            histogram(GearmanMetrics.JOB_DURATION, "How long jobs ran on this instance's workers.",
                    () -> metrics.jobDuration(job), jobTag);
            gauge(GearmanMetrics.JOBS_RUNNING, "Jobs running now on this instance's workers.",
                    () -> metrics.jobsRunning(connections.get()).getOrDefault(job, 0), jobTag);
        }

        @Override
        public void clientSeriesAdded(String job, String outcome) {
            Tag jobTag = new Tag("job", job);
            gauge(GearmanMetrics.CLIENT_CALLS_TOTAL, "Calls made by this instance's client, by outcome.",
                    () -> metrics.clientCallCount(job, outcome), jobTag, new Tag("outcome", outcome));
            histogram(GearmanMetrics.CLIENT_CALL_DURATION, "How long this instance's client calls took.",
                    () -> metrics.clientCallDuration(job), jobTag);
        }

        void serverGauges(Collection<String> servers, Collection<String> functions,
                          Supplier<Map<String, List<FunctionStatus>>> status) {
            for (String server : servers) {
                Tag serverTag = new Tag("server", server);
                for (WorkerConnection.State state : WorkerConnection.State.values()) {
                    gauge(GearmanMetrics.WORKER_CONNECTIONS, "This instance's worker connections, by state.",
                            () -> GearmanMetrics.workerConnections(connections.get()).getOrDefault(server, Map.of())
                                    .getOrDefault(state.label(), 0), serverTag, new Tag("state", state.label()));
                }
                for (String function : functions) {
                    Tag functionTag = new Tag("function", function);
                    gauge(GearmanMetrics.SERVER_JOBS_QUEUED, "Jobs queued on each job server (admin status, sampled).",
                            () -> line(status, server, function, true), serverTag, functionTag);
                    gauge(GearmanMetrics.SERVER_WORKERS, "Workers registered on each job server (admin status, "
                            + "sampled).", () -> line(status, server, function, false), serverTag, functionTag);
                }
            }
        }

        /** @return the function's total or workers on the server, 0 if not listed, NaN if the server is unreachable */
        private static Number line(Supplier<Map<String, List<FunctionStatus>>> status, String server, String function,
                                   boolean total) {
            List<FunctionStatus> lines = status.get().get(server);
            if (lines == null) {
                return Double.NaN;
            }
            for (FunctionStatus s : lines) {
                if (s.name().equals(function)) {
                    return total ? s.total() : s.workers();
                }
            }
            return 0;
        }

        private void histogram(String name, String help, Supplier<Histogram> histogram, Tag jobTag) {
            for (int i = 0; i <= bounds.length; i++) {
                int bucket = i;
                String le = i < bounds.length ? Double.toString(bounds[i]) : "+Inf";
                gauge(name + "_bucket", help, () -> {
                    Histogram h = histogram.get();
                    return h == null ? 0 : h.cumulativeCounts()[bucket];
                }, jobTag, new Tag("le", le));
            }
            gauge(name + "_sum", help, () -> {
                Histogram h = histogram.get();
                return h == null ? 0.0 : h.sum();
            }, jobTag);
            gauge(name + "_count", help, () -> {
                Histogram h = histogram.get();
                return h == null ? 0 : h.count();
            }, jobTag);
        }

        private void gauge(String name, String help, Supplier<Number> value, Tag... tags) {
            MetricID id = new MetricID(name, tags);
            if (!registered.add(id)) {
                return;
            }
            try {
                registry.gauge(Metadata.builder().withName(name).withDescription(help).build(), value, tags);
            } catch (RuntimeException e) {
                registered.remove(id);
                CdiMessages.metricNotPublished(name + List.of(tags), "MicroProfile Metrics", e);
            }
        }

        @Override
        public void close() {
            metrics.observer(null);
            List<MetricID> ids = new ArrayList<>(registered);
            registered.clear();
            for (MetricID id : ids) {
                try {
                    registry.remove(id);
                } catch (RuntimeException e) {
                    // the registry went with the application already
                }
            }
        }
    }
}
