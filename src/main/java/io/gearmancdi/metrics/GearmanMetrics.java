package io.gearmancdi.metrics;

import io.gearmancdi.admin.FunctionStatus;
import io.gearmancdi.worker.AttemptOutcome;
import io.gearmancdi.worker.WorkerConnection;
import io.gearmancdi.worker.WorkerListener;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * The metrics of gearman-cdi, in Prometheus style ({@code job} is the logical job name):
 * <ul>
 *   <li>{@code gearman_jobs_total{job,outcome}}, {@code gearman_job_duration_seconds{job}} (histogram): fed by the
 *   worker as a {@link WorkerListener}, a few {@link LongAdder} increments per job;</li>
 *   <li>{@code gearman_jobs_running{job}}, {@code gearman_worker_connections{server,state}}: gauges computed when
 *   scraped, from the worker's connection snapshot;</li>
 *   <li>{@code gearman_client_calls_total{job,outcome}}, {@code gearman_client_call_duration_seconds{job}}: fed by
 *   {@link #clientCallEnded};</li>
 *   <li>{@code gearman_server_jobs_queued{server,function}}, {@code gearman_server_workers{server,function}}: from the
 *   job servers' admin {@code status}, sampled at most every few seconds by the scrape, never on the job path.</li>
 * </ul>
 *
 * <p><b>Concurrency.</b> Thread-safe.
 *
 * @since 1.1
 */
public final class GearmanMetrics implements WorkerListener {
    private static final AttemptOutcome[] OUTCOMES = AttemptOutcome.values();

    private final ConcurrentHashMap<String, Series> worker = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ClientSeries> client = new ConcurrentHashMap<>();
    private volatile UnaryOperator<String> logicalName = UnaryOperator.identity();

    /** One job's worker-side series, keyed by the function name on the job server. */
    private static final class Series {
        final LongAdder[] outcomes = new LongAdder[OUTCOMES.length];
        final Histogram duration = new Histogram();

        Series() {
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = new LongAdder();
            }
        }
    }

    /** One job's client-side series, keyed by the logical name. */
    private static final class ClientSeries {
        final ConcurrentHashMap<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        final Histogram duration = new Histogram();
    }

    /**
     * @param mapping from the function name on the job servers to the logical job name (the label {@code job});
     *                names it maps to {@code null} are left as they are
     */
    public void logicalNames(UnaryOperator<String> mapping) {
        this.logicalName = mapping;
    }

    @Override
    public void jobEnded(String function, AttemptOutcome outcome, long durationNanos) {
        Series series = worker.get(function);
        if (series == null) {
            series = worker.computeIfAbsent(function, f -> new Series());
        }
        series.outcomes[outcome.ordinal()].increment();
        if (outcome != AttemptOutcome.BAD_PAYLOAD && outcome != AttemptOutcome.RETRIED) {
            series.duration.record(durationNanos);
        }
    }

    /**
     * Records one client call (foreground: until its result; background: until the server took it).
     *
     * @param job           the logical job name
     * @param outcome       {@code completed}, {@code failed}, {@code timed_out}, {@code submitted} (background), …
     * @param durationNanos how long the call took
     */
    public void clientCallEnded(String job, String outcome, long durationNanos) {
        ClientSeries series = client.get(job);
        if (series == null) {
            series = client.computeIfAbsent(job, j -> new ClientSeries());
        }
        LongAdder counter = series.outcomes.get(outcome);
        if (counter == null) {
            counter = series.outcomes.computeIfAbsent(outcome, o -> new LongAdder());
        }
        counter.increment();
        series.duration.record(durationNanos);
    }

    /**
     * @return how many jobs of a function ended with an outcome (for tests and adapters)
     * @param function the function name on the job servers
     */
    public long jobs(String function, AttemptOutcome outcome) {
        Series series = worker.get(function);
        return series == null ? 0 : series.outcomes[outcome.ordinal()].sum();
    }

    /**
     * @param outcome an outcome
     * @return how many jobs of every function ended with it, since this instance started (for the dashboard's charts)
     */
    public long jobs(AttemptOutcome outcome) {
        long sum = 0;
        for (Series series : worker.values()) {
            sum += series.outcomes[outcome.ordinal()].sum();
        }
        return sum;
    }

    /**
     * Renders every metric in the Prometheus text format (version 0.0.4).
     *
     * @param connections the worker's connections (empty when no worker runs here)
     * @param servers     the latest admin {@code status} per reachable server ({@code host:port} to its lines)
     * @return the text
     */
    public String scrape(List<WorkerConnection> connections, Map<String, List<FunctionStatus>> servers) {
        StringBuilder out = new StringBuilder(2048);
        UnaryOperator<String> names = logicalName;
        Map<String, Series> jobs = new TreeMap<>();
        worker.forEach((function, series) -> jobs.put(label(names, function), series));

        header(out, "gearman_jobs_total", "counter", "Jobs run by this instance's workers, by outcome.");
        jobs.forEach((job, series) -> {
            for (AttemptOutcome outcome : OUTCOMES) {
                out.append("gearman_jobs_total{job=\"").append(escape(job)).append("\",outcome=\"")
                        .append(outcome.label()).append("\"} ").append(series.outcomes[outcome.ordinal()].sum())
                        .append('\n');
            }
        });
        header(out, "gearman_job_duration_seconds", "histogram", "How long jobs ran on this instance's workers.");
        jobs.forEach((job, series) -> series.duration.write(out, "gearman_job_duration_seconds",
                "job=\"" + escape(job) + "\""));

        Map<String, Integer> running = new TreeMap<>();
        Map<String, Map<String, Integer>> byState = new TreeMap<>();
        for (WorkerConnection c : connections) {
            if (c.function() != null) {
                running.merge(label(names, c.function()), 1, Integer::sum);
            }
            Map<String, Integer> states = byState.computeIfAbsent(c.server().toString(), s -> new TreeMap<>());
            for (WorkerConnection.State state : WorkerConnection.State.values()) {
                states.putIfAbsent(state.label(), 0);
            }
            states.merge(c.state().label(), 1, Integer::sum);
        }
        jobs.keySet().forEach(job -> running.putIfAbsent(job, 0));
        header(out, "gearman_jobs_running", "gauge", "Jobs running now on this instance's workers.");
        running.forEach((job, n) -> out.append("gearman_jobs_running{job=\"").append(escape(job)).append("\"} ")
                .append(n).append('\n'));
        header(out, "gearman_worker_connections", "gauge", "This instance's worker connections, by state.");
        byState.forEach((server, states) -> states.forEach((state, n) -> out
                .append("gearman_worker_connections{server=\"").append(escape(server)).append("\",state=\"")
                .append(state).append("\"} ").append(n).append('\n')));

        Map<String, ClientSeries> calls = new TreeMap<>(client);
        header(out, "gearman_client_calls_total", "counter", "Calls made by this instance's client, by outcome.");
        calls.forEach((job, series) -> new TreeMap<>(series.outcomes).forEach((outcome, n) -> out
                .append("gearman_client_calls_total{job=\"").append(escape(job)).append("\",outcome=\"")
                .append(escape(outcome)).append("\"} ").append(n.sum()).append('\n')));
        header(out, "gearman_client_call_duration_seconds", "histogram", "How long this instance's client calls took.");
        calls.forEach((job, series) -> series.duration.write(out, "gearman_client_call_duration_seconds",
                "job=\"" + escape(job) + "\""));

        header(out, "gearman_server_jobs_queued", "gauge", "Jobs queued on each job server (admin status, sampled).");
        servers.forEach((server, lines) -> lines.forEach(s -> out.append("gearman_server_jobs_queued{server=\"")
                .append(escape(server)).append("\",function=\"").append(escape(s.name())).append("\"} ")
                .append(s.total()).append('\n')));
        header(out, "gearman_server_workers", "gauge", "Workers registered on each job server (admin status, sampled).");
        servers.forEach((server, lines) -> lines.forEach(s -> out.append("gearman_server_workers{server=\"")
                .append(escape(server)).append("\",function=\"").append(escape(s.name())).append("\"} ")
                .append(s.workers()).append('\n')));
        return out.toString();
    }

    private static String label(UnaryOperator<String> names, String function) {
        String logical = names.apply(function);
        return logical != null ? logical : function;
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Escapes a label value: backslash, double quote and line feed. */
    static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
