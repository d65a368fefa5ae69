package io.gearmancdi.metrics;

import io.gearmancdi.admin.FunctionStatus;
import io.gearmancdi.worker.AttemptOutcome;
import io.gearmancdi.worker.WorkerConnection;
import io.gearmancdi.worker.WorkerListener;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * <p>In an application server the extension publishes the same series through the server's metrics API (OpenTelemetry
 * or MicroProfile Metrics), reading them through the views below ({@link #jobCounts()}, {@link #jobDuration},
 * {@link #jobsRunning}, …) when the server collects, and told of new series and of durations by an {@link Observer}.
 *
 * <p><b>Concurrency.</b> Thread-safe.
 *
 * @since 1.1
 */
public final class GearmanMetrics implements WorkerListener {
    /** Metric names, Prometheus style (the OpenTelemetry names are the dotted forms, see the operating docs). */
    public static final String JOBS_TOTAL = "gearman_jobs_total";
    /** See {@link #JOBS_TOTAL}. */
    public static final String JOB_DURATION = "gearman_job_duration_seconds";
    /** See {@link #JOBS_TOTAL}. */
    public static final String JOBS_RUNNING = "gearman_jobs_running";
    /** See {@link #JOBS_TOTAL}. */
    public static final String WORKER_CONNECTIONS = "gearman_worker_connections";
    /** See {@link #JOBS_TOTAL}. */
    public static final String CLIENT_CALLS_TOTAL = "gearman_client_calls_total";
    /** See {@link #JOBS_TOTAL}. */
    public static final String CLIENT_CALL_DURATION = "gearman_client_call_duration_seconds";
    /** See {@link #JOBS_TOTAL}. */
    public static final String SERVER_JOBS_QUEUED = "gearman_server_jobs_queued";
    /** See {@link #JOBS_TOTAL}. */
    public static final String SERVER_WORKERS = "gearman_server_workers";

    /**
     * Told when a series appears (the first job of a function, the first client call of a job with an outcome) and of
     * every duration recorded, for a metrics system that must register series one by one, or can only take histogram
     * values as they happen. Called on the job path: implementations must be quick and must not throw.
     */
    public interface Observer {
        /** @param job the logical name of a job whose first attempt just ended on this instance's workers */
        default void workerSeriesAdded(String job) {
        }

        /**
         * @param job     the logical name of a job this instance's client called
         * @param outcome the outcome that call had, for the first time for that job
         */
        default void clientSeriesAdded(String job, String outcome) {
        }

        /**
         * @param job   logical name
         * @param nanos how long an attempt ran (not for bad payloads and retries, as the histogram)
         */
        default void jobDuration(String job, long nanos) {
        }

        /**
         * @param job   logical name
         * @param nanos how long a client call took
         */
        default void clientCallDuration(String job, long nanos) {
        }
    }

    /** One counter value: {@code gearman_jobs_total{job,outcome}} or {@code gearman_client_calls_total{job,outcome}}. */
    public record Count(String job, String outcome, long value) {
    }

    private static final Observer NO_OBSERVER = new Observer() {
    };
    private static final AttemptOutcome[] OUTCOMES = AttemptOutcome.values();

    private final ConcurrentHashMap<String, Series> worker = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ClientSeries> client = new ConcurrentHashMap<>();
    private volatile UnaryOperator<String> logicalName = UnaryOperator.identity();
    private volatile Observer observer = NO_OBSERVER;

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
            series = newSeries(function);
        }
        series.outcomes[outcome.ordinal()].increment();
        if (outcome != AttemptOutcome.BAD_PAYLOAD && outcome != AttemptOutcome.RETRIED) {
            series.duration.record(durationNanos);
            Observer o = observer;
            if (o != NO_OBSERVER) {
                o.jobDuration(logicalName(function), durationNanos);
            }
        }
    }

    private Series newSeries(String function) {
        boolean[] added = new boolean[1];
        Series series = worker.computeIfAbsent(function, f -> {
            added[0] = true;
            return new Series();
        });
        if (added[0]) {
            observer.workerSeriesAdded(logicalName(function));
        }
        return series;
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
            counter = newClientCounter(series, job, outcome);
        }
        counter.increment();
        series.duration.record(durationNanos);
        Observer o = observer;
        if (o != NO_OBSERVER) {
            o.clientCallDuration(job, durationNanos);
        }
    }

    private LongAdder newClientCounter(ClientSeries series, String job, String outcome) {
        boolean[] added = new boolean[1];
        LongAdder counter = series.outcomes.computeIfAbsent(outcome, o -> {
            added[0] = true;
            return new LongAdder();
        });
        if (added[0]) {
            observer.clientSeriesAdded(job, outcome);
        }
        return counter;
    }

    /**
     * Sets the one observer (a metrics API adapter) and tells it of every series that exists already. An observer set
     * while series are being added may hear of one twice: it must ignore repeats.
     *
     * @param o the observer, or {@code null} for none
     */
    public void observer(Observer o) {
        Observer next = o == null ? NO_OBSERVER : o;
        observer = next;
        worker.keySet().forEach(function -> next.workerSeriesAdded(logicalName(function)));
        client.forEach((job, series) -> series.outcomes.keySet().forEach(outcome -> next.clientSeriesAdded(job,
                outcome)));
    }

    /**
     * @param function a function name on the job servers
     * @return the logical job name of a function this application serves, else the function name itself
     */
    public String logicalName(String function) {
        return label(logicalName, function);
    }

    /** @return every {@code gearman_jobs_total} value, by logical job name and outcome label */
    public List<Count> jobCounts() {
        List<Count> counts = new java.util.ArrayList<>();
        worker.forEach((function, series) -> {
            String job = logicalName(function);
            for (AttemptOutcome outcome : OUTCOMES) {
                counts.add(new Count(job, outcome.label(), series.outcomes[outcome.ordinal()].sum()));
            }
        });
        return counts;
    }

    /**
     * @param job     a logical job name (the {@code job} label)
     * @param outcome an outcome label ({@link AttemptOutcome#label()})
     * @return its {@code gearman_jobs_total} value (0 when unknown)
     */
    public long jobCount(String job, String outcome) {
        long n = 0;
        for (Map.Entry<String, Series> e : worker.entrySet()) {
            if (job.equals(logicalName(e.getKey()))) {
                for (AttemptOutcome o : OUTCOMES) {
                    if (o.label().equals(outcome)) {
                        n += e.getValue().outcomes[o.ordinal()].sum();
                    }
                }
            }
        }
        return n;
    }

    /**
     * @param job     a logical job name
     * @param outcome a client call outcome
     * @return its {@code gearman_client_calls_total} value (0 when unknown)
     */
    public long clientCallCount(String job, String outcome) {
        ClientSeries series = client.get(job);
        LongAdder n = series == null ? null : series.outcomes.get(outcome);
        return n == null ? 0 : n.sum();
    }

    /** @return every {@code gearman_client_calls_total} value, by logical job name and outcome */
    public List<Count> clientCallCounts() {
        List<Count> counts = new java.util.ArrayList<>();
        client.forEach((job, series) -> series.outcomes.forEach((outcome, n) -> counts.add(new Count(job, outcome,
                n.sum()))));
        return counts;
    }

    /**
     * @param job a logical job name (the {@code job} label)
     * @return its {@code gearman_job_duration_seconds} histogram, or {@code null} before its first job
     */
    public Histogram jobDuration(String job) {
        for (Map.Entry<String, Series> e : worker.entrySet()) {
            if (job.equals(logicalName(e.getKey()))) {
                return e.getValue().duration;
            }
        }
        return null;
    }

    /**
     * @param job a logical job name
     * @return its {@code gearman_client_call_duration_seconds} histogram, or {@code null} before its first call
     */
    public Histogram clientCallDuration(String job) {
        ClientSeries series = client.get(job);
        return series == null ? null : series.duration;
    }

    /**
     * {@code gearman_jobs_running{job}}: every job this instance has run, and those running now.
     *
     * @param connections the worker's connections
     * @return running jobs by logical name (0 for jobs that ran before and run no more)
     */
    public Map<String, Integer> jobsRunning(List<WorkerConnection> connections) {
        Map<String, Integer> running = new TreeMap<>();
        for (WorkerConnection c : connections) {
            if (c.function() != null) {
                running.merge(logicalName(c.function()), 1, Integer::sum);
            }
        }
        worker.keySet().forEach(function -> running.putIfAbsent(logicalName(function), 0));
        return running;
    }

    /**
     * {@code gearman_worker_connections{server,state}}.
     *
     * @param connections the worker's connections
     * @return connections by server ({@code host:port}) and state label, every state present (0 when none)
     */
    public static Map<String, Map<String, Integer>> workerConnections(List<WorkerConnection> connections) {
        Map<String, Map<String, Integer>> byState = new TreeMap<>();
        for (WorkerConnection c : connections) {
            Map<String, Integer> states = byState.computeIfAbsent(c.server().toString(), s -> new TreeMap<>());
            for (WorkerConnection.State state : WorkerConnection.State.values()) {
                states.putIfAbsent(state.label(), 0);
            }
            states.merge(c.state().label(), 1, Integer::sum);
        }
        return byState;
    }

    /** @return the logical names of the jobs with worker series, sorted */
    public Set<String> workerJobs() {
        Set<String> jobs = new TreeSet<>();
        worker.keySet().forEach(function -> jobs.add(logicalName(function)));
        return jobs;
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

        header(out, JOBS_TOTAL, "counter", "Jobs run by this instance's workers, by outcome.");
        jobs.forEach((job, series) -> {
            for (AttemptOutcome outcome : OUTCOMES) {
                out.append("gearman_jobs_total{job=\"").append(escape(job)).append("\",outcome=\"")
                        .append(outcome.label()).append("\"} ").append(series.outcomes[outcome.ordinal()].sum())
                        .append('\n');
            }
        });
        header(out, JOB_DURATION, "histogram", "How long jobs ran on this instance's workers.");
        jobs.forEach((job, series) -> series.duration.write(out, JOB_DURATION,
                "job=\"" + escape(job) + "\""));

        Map<String, Integer> running = jobsRunning(connections);
        Map<String, Map<String, Integer>> byState = workerConnections(connections);
        header(out, JOBS_RUNNING, "gauge", "Jobs running now on this instance's workers.");
        running.forEach((job, n) -> out.append("gearman_jobs_running{job=\"").append(escape(job)).append("\"} ")
                .append(n).append('\n'));
        header(out, WORKER_CONNECTIONS, "gauge", "This instance's worker connections, by state.");
        byState.forEach((server, states) -> states.forEach((state, n) -> out
                .append("gearman_worker_connections{server=\"").append(escape(server)).append("\",state=\"")
                .append(state).append("\"} ").append(n).append('\n')));

        Map<String, ClientSeries> calls = new TreeMap<>(client);
        header(out, CLIENT_CALLS_TOTAL, "counter", "Calls made by this instance's client, by outcome.");
        calls.forEach((job, series) -> new TreeMap<>(series.outcomes).forEach((outcome, n) -> out
                .append("gearman_client_calls_total{job=\"").append(escape(job)).append("\",outcome=\"")
                .append(escape(outcome)).append("\"} ").append(n.sum()).append('\n')));
        header(out, CLIENT_CALL_DURATION, "histogram", "How long this instance's client calls took.");
        calls.forEach((job, series) -> series.duration.write(out, CLIENT_CALL_DURATION,
                "job=\"" + escape(job) + "\""));

        header(out, SERVER_JOBS_QUEUED, "gauge", "Jobs queued on each job server (admin status, sampled).");
        servers.forEach((server, lines) -> lines.forEach(s -> out.append("gearman_server_jobs_queued{server=\"")
                .append(escape(server)).append("\",function=\"").append(escape(s.name())).append("\"} ")
                .append(s.total()).append('\n')));
        header(out, SERVER_WORKERS, "gauge", "Workers registered on each job server (admin status, sampled).");
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
