package io.gearmancdi.metrics.internal;

import io.gearmancdi.admin.FunctionStatus;
import io.gearmancdi.metrics.GearmanMetrics;
import io.gearmancdi.metrics.Histogram;
import io.gearmancdi.worker.WorkerConnection;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.Meter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Publishes {@link GearmanMetrics} through OpenTelemetry metrics (the API of MicroProfile Telemetry 2.0), under the
 * instrumentation scope {@value #SCOPE}. Names are the dotted OpenTelemetry forms of the Prometheus names, which an
 * OpenTelemetry-to-Prometheus conversion turns back into them (dots to underscores, the unit {@code s} to
 * {@code _seconds}, {@code _total} for counters): {@code gearman.jobs} ({@code gearman_jobs_total}),
 * {@code gearman.job.duration} ({@code gearman_job_duration_seconds}), {@code gearman.jobs.running},
 * {@code gearman.worker.connections}, {@code gearman.client.calls}, {@code gearman.client.call.duration},
 * {@code gearman.server.jobs.queued}, {@code gearman.server.workers}; attributes are the Prometheus labels.
 *
 * <p>Counters and gauges are asynchronous instruments: their callbacks read the registry's adders and the connection
 * snapshot when the SDK collects, so the job path pays nothing for them. The API has no asynchronous histogram, so the
 * two duration histograms are recorded as they happen (as an {@link GearmanMetrics.Observer}): one histogram record
 * per job and per client call, with attributes built once per job.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 */
public final class OpenTelemetryMetrics implements GearmanMetrics.Observer, AutoCloseable {
    /** The instrumentation scope name. */
    public static final String SCOPE = "io.gearmancdi";
    static final AttributeKey<String> JOB = AttributeKey.stringKey("job");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    static final AttributeKey<String> SERVER = AttributeKey.stringKey("server");
    static final AttributeKey<String> STATE = AttributeKey.stringKey("state");
    static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("function");

    private final GearmanMetrics metrics;
    private final DoubleHistogram jobDuration;
    private final DoubleHistogram clientCallDuration;
    private final List<AutoCloseable> callbacks = new ArrayList<>();
    private final Map<String, Attributes> jobAttributes = new ConcurrentHashMap<>();

    private OpenTelemetryMetrics(Meter meter, GearmanMetrics metrics, Supplier<List<WorkerConnection>> connections,
                                 Supplier<Map<String, List<FunctionStatus>>> servers) {
        this.metrics = metrics;
        List<Double> bounds = new ArrayList<>();
        for (double bound : Histogram.bounds()) {
            bounds.add(bound);
        }
        jobDuration = histogram(meter, "gearman.job.duration", "How long jobs ran on this instance's workers.", bounds);
        clientCallDuration = histogram(meter, "gearman.client.call.duration",
                "How long this instance's client calls took.", bounds);
        callbacks.add(meter.counterBuilder("gearman.jobs").setUnit("{job}")
                .setDescription("Jobs run by this instance's workers, by outcome.")
                .buildWithCallback(m -> metrics.jobCounts().forEach(c -> m.record(c.value(),
                        Attributes.of(JOB, c.job(), OUTCOME, c.outcome())))));
        callbacks.add(meter.counterBuilder("gearman.client.calls").setUnit("{call}")
                .setDescription("Calls made by this instance's client, by outcome.")
                .buildWithCallback(m -> metrics.clientCallCounts().forEach(c -> m.record(c.value(),
                        Attributes.of(JOB, c.job(), OUTCOME, c.outcome())))));
        callbacks.add(meter.gaugeBuilder("gearman.jobs.running").ofLongs().setUnit("{job}")
                .setDescription("Jobs running now on this instance's workers.")
                .buildWithCallback(m -> metrics.jobsRunning(connections.get()).forEach((job, n) -> m.record(n,
                        Attributes.of(JOB, job)))));
        callbacks.add(meter.gaugeBuilder("gearman.worker.connections").ofLongs().setUnit("{connection}")
                .setDescription("This instance's worker connections, by state.")
                .buildWithCallback(m -> GearmanMetrics.workerConnections(connections.get()).forEach((server, states) ->
                        states.forEach((state, n) -> m.record(n, Attributes.of(SERVER, server, STATE, state))))));
        callbacks.add(meter.gaugeBuilder("gearman.server.jobs.queued").ofLongs().setUnit("{job}")
                .setDescription("Jobs queued on each job server (admin status, sampled).")
                .buildWithCallback(m -> servers.get().forEach((server, lines) -> lines.forEach(s -> m.record(s.total(),
                        Attributes.of(SERVER, server, FUNCTION, s.name()))))));
        callbacks.add(meter.gaugeBuilder("gearman.server.workers").ofLongs().setUnit("{worker}")
                .setDescription("Workers registered on each job server (admin status, sampled).")
                .buildWithCallback(m -> servers.get().forEach((server, lines) -> lines.forEach(s -> m.record(
                        s.workers(), Attributes.of(SERVER, server, FUNCTION, s.name()))))));
    }

    /**
     * Registers the instruments and makes the registry report durations to them; undo with {@link #close()}.
     *
     * @param openTelemetry the application's OpenTelemetry (its meter provider gets the instruments)
     * @param metrics       the registry to publish
     * @param connections   the worker's connection snapshot (empty when no worker runs)
     * @param servers       the latest admin {@code status} per reachable job server ({@code host:port})
     * @return the adapter
     */
    public static OpenTelemetryMetrics register(OpenTelemetry openTelemetry, GearmanMetrics metrics,
                                                Supplier<List<WorkerConnection>> connections,
                                                Supplier<Map<String, List<FunctionStatus>>> servers) {
        OpenTelemetryMetrics adapter = new OpenTelemetryMetrics(openTelemetry.getMeter(SCOPE), metrics, connections,
                servers);
        metrics.observer(adapter);
        return adapter;
    }

    /**
     * Whether the OpenTelemetry API on the class path has what this adapter uses (explicit bucket advice, API 1.32 and
     * later; MicroProfile Telemetry 2.0 brings 1.39 or later). Older APIs, such as the tracing-only MicroProfile
     * Telemetry 1.x of Payara Server 6, are not used for metrics.
     *
     * @return {@code true} if the API is recent enough
     */
    public static boolean apiSupported() {
        try {
            DoubleHistogramBuilder.class.getMethod("setExplicitBucketBoundariesAdvice", List.class);
            return true;
        } catch (NoSuchMethodException | LinkageError e) {
            return false;
        }
    }

    private static DoubleHistogram histogram(Meter meter, String name, String description, List<Double> bounds) {
        return meter.histogramBuilder(name).setUnit("s").setDescription(description)
                .setExplicitBucketBoundariesAdvice(bounds).build();
    }

    @Override
    public void jobDuration(String job, long nanos) {
        jobDuration.record(nanos / 1e9, attributes(job));
    }

    @Override
    public void clientCallDuration(String job, long nanos) {
        clientCallDuration.record(nanos / 1e9, attributes(job));
    }

    private Attributes attributes(String job) {
        Attributes a = jobAttributes.get(job);
        return a != null ? a : jobAttributes.computeIfAbsent(job, j -> Attributes.of(JOB, j));
    }

    /** Removes the callbacks and stops recording durations. */
    @Override
    public void close() {
        metrics.observer(null);
        for (AutoCloseable callback : callbacks) {
            try {
                callback.close();
            } catch (Exception e) {
                // an SDK that cannot unregister keeps calling back into a registry that is still valid: harmless
            }
        }
    }
}
