package io.gearmancdi.dashboard;

import io.gearmancdi.JobOutcome;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.admin.FunctionStatus;
import io.gearmancdi.health.ServerSampler;
import io.gearmancdi.dashboard.internal.Csrf;
import io.gearmancdi.dashboard.internal.JobJson;
import io.gearmancdi.dashboard.internal.Json;
import io.gearmancdi.dashboard.internal.StaticAssets;
import io.gearmancdi.dashboard.internal.ThroughputSeries;
import io.gearmancdi.metrics.GearmanMetrics;
import io.gearmancdi.store.JobQuery;
import io.gearmancdi.store.JobRecord;
import io.gearmancdi.store.JobStore;
import io.gearmancdi.worker.AttemptOutcome;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The dashboard, independent of any web server: answers {@link DashboardRequest}s. Routes, below the dashboard's
 * root (the host mounts it at {@code /gearman/}):
 * <ul>
 *   <li>{@code GET /} the page; {@code GET /static/…} its script, style and the uPlot library;</li>
 *   <li>{@code GET /api/session}: the CSRF token, whether the caller may act, whether there is a store;</li>
 *   <li>{@code GET /api/servers}: version and reachability of each job server (admin protocol);</li>
 *   <li>{@code GET /api/functions}: queued, running and workers per function and server (admin {@code status},
 *   sampled at most every {@link #DEFAULT_SAMPLE_INTERVAL});</li>
 *   <li>{@code GET /api/series}: jobs completed and failed per step (milliseconds in {@code step}, end of each step
 *   in seconds since the epoch in {@code t}) ({@link #DEFAULT_SERIES_STEP}) over the last
 *   {@link #DEFAULT_SERIES_WINDOW}, from the metrics;</li>
 *   <li>with a store: {@code GET /api/jobs?state=&job=&offset=} (counts by job and state, and one page of records),
 *   {@code GET /api/jobs/{unique}} (one record in full), {@code POST /api/jobs/{unique}/retry} and
 *   {@code POST /api/jobs/{unique}/cancel}.</li>
 * </ul>
 *
 * <p><b>Security.</b> Reading needs {@link Permission#READ}, acting {@link Permission#ACT}; every action is a POST with
 * the CSRF token of {@code /api/session} in the {@code X-Gearman-CSRF} header, and a foreign {@code Origin} is
 * refused. Every response carries a strict Content-Security-Policy ({@link #CONTENT_SECURITY_POLICY}): scripts and
 * styles only from the dashboard itself, nothing inline; the page puts every value into the DOM as text.
 *
 * <p><b>Concurrency.</b> Thread-safe. {@link #close()} stops the chart's sampler.
 *
 * @since 1.1
 */
public final class Dashboard implements AutoCloseable {
    /** Default least time between two admin samples of a job server. */
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(2);
    /** Default time between two points of the chart. */
    public static final Duration DEFAULT_SERIES_STEP = Duration.ofSeconds(5);
    /** Default time span of the chart. */
    public static final Duration DEFAULT_SERIES_WINDOW = Duration.ofHours(1);
    /** Records per page of {@code /api/jobs}. */
    public static final int PAGE_SIZE = 50;
    /** The Content-Security-Policy of every response. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String JSON = "application/json; charset=utf-8";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(2);

    private final ServerSampler servers;
    private final ThroughputSeries series;
    private final JobStore store;
    private final JobActions actions;
    private final UnaryOperator<String> logicalNames;
    private final Csrf csrf = new Csrf();
    private final StaticAssets assets = new StaticAssets();

    private Dashboard(Builder b) {
        servers = b.sampler != null ? b.sampler : new ServerSampler(b.servers, b.sampleInterval, ADMIN_TIMEOUT);
        GearmanMetrics metrics = b.metrics;
        series = metrics == null ? null : new ThroughputSeries(b.seriesStep, b.seriesWindow,
                () -> metrics.jobs(AttemptOutcome.COMPLETED),
                () -> metrics.jobs(AttemptOutcome.FAILED) + metrics.jobs(AttemptOutcome.TIMED_OUT)
                        + metrics.jobs(AttemptOutcome.BAD_PAYLOAD));
        store = b.store;
        actions = b.actions;
        logicalNames = b.logicalNames;
    }

    /** @return a builder; only the servers are required */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Dashboard}. */
    public static final class Builder {
        private List<ServerAddress> servers = List.of();
        private GearmanMetrics metrics;
        private JobStore store;
        private JobActions actions;
        private UnaryOperator<String> logicalNames = f -> null;
        private Duration sampleInterval = DEFAULT_SAMPLE_INTERVAL;
        private ServerSampler sampler;
        private Duration seriesStep = DEFAULT_SERIES_STEP;
        private Duration seriesWindow = DEFAULT_SERIES_WINDOW;

        private Builder() {
        }

        /** The job servers to show. */
        public Builder servers(List<ServerAddress> servers) {
            this.servers = List.copyOf(servers);
            return this;
        }

        /** The metrics the chart reads (none: no chart data). */
        public Builder metrics(GearmanMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /** The job record store (none: no job lists). */
        public Builder store(JobStore store) {
            this.store = store;
            return this;
        }

        /** What retry and cancel do (none: no actions, whatever the permission). */
        public Builder actions(JobActions actions) {
            this.actions = actions;
            return this;
        }

        /** Maps function names on the job servers to logical job names ({@code null}: unknown here). */
        public Builder logicalNames(UnaryOperator<String> logicalNames) {
            this.logicalNames = logicalNames;
            return this;
        }

        /** Least time between two admin samples of a server; default {@link #DEFAULT_SAMPLE_INTERVAL}. */
        public Builder sampleInterval(Duration interval) {
            this.sampleInterval = interval;
            return this;
        }

        /**
         * Shares the samples of a sampler the application already has (its readiness check's), so the dashboard adds
         * no admin round trips; its servers then replace {@link #servers(List)} and {@link #sampleInterval(Duration)}.
         */
        public Builder sampler(ServerSampler sampler) {
            this.sampler = sampler;
            return this;
        }

        /** Chart step and span; defaults {@link #DEFAULT_SERIES_STEP}, {@link #DEFAULT_SERIES_WINDOW}. */
        public Builder series(Duration step, Duration window) {
            this.seriesStep = step;
            this.seriesWindow = window;
            return this;
        }

        /** @return the dashboard, sampling the metrics from now on */
        public Dashboard build() {
            return new Dashboard(this);
        }
    }

    /**
     * Answers one request.
     *
     * @param request the request
     * @return the response, never {@code null}
     */
    public DashboardResponse handle(DashboardRequest request) {
        if (!request.permission().mayRead()) {
            return error(403, "forbidden");
        }
        String path = request.rawPath();
        String method = request.method();
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (path.isEmpty()) {
            return new DashboardResponse(302, "text/plain; charset=utf-8", headers(Map.of("Location", "gearman/")),
                    new byte[0]);
        }
        if (read && path.equals("/")) {
            return asset("index.html");
        }
        if (read && path.startsWith("/static/")) {
            return asset(path.substring("/static/".length()));
        }
        if (!path.startsWith("/api/")) {
            return error(404, "not found");
        }
        try {
            if (read) {
                return read(path, query(request.rawQuery()), request.permission());
            }
            if (method.equals("POST")) {
                return act(path, request);
            }
            return error(405, "method not allowed");
        } catch (BadRequest e) {
            return error(400, e.getMessage());
        }
    }

    private DashboardResponse read(String path, Map<String, String> query, Permission permission) {
        switch (path) {
            case "/api/session":
                return json(new Json().object().member("csrf", csrf.token())
                        .member("actions", permission.mayAct() && actions != null)
                        .member("store", store != null).end());
            case "/api/servers":
                return json(serversJson());
            case "/api/functions":
                return json(functionsJson());
            case "/api/series":
                return json(seriesJson());
            case "/api/jobs":
                return store == null ? noStore() : json(jobsJson(query));
            default:
                if (path.startsWith("/api/jobs/")) {
                    String unique = decode(path.substring("/api/jobs/".length()));
                    if (store == null) {
                        return noStore();
                    }
                    Optional<JobRecord> record = store.find(unique);
                    return record.map(r -> json(JobJson.detail(r))).orElseGet(() -> error(404, "no record of job " + unique));
                }
                return error(404, "not found");
        }
    }

    private DashboardResponse act(String path, DashboardRequest request) {
        String refusal = csrf.refusal(request.header());
        if (refusal != null) {
            return error(403, refusal);
        }
        if (!request.permission().mayAct() || actions == null) {
            return error(403, "read-only: this dashboard may not retry or cancel jobs");
        }
        boolean retry = path.endsWith("/retry");
        boolean cancel = path.endsWith("/cancel");
        if (!path.startsWith("/api/jobs/") || !(retry || cancel)) {
            return error(404, "not found");
        }
        String encoded = path.substring("/api/jobs/".length(), path.lastIndexOf('/'));
        String unique = decode(encoded);
        if (store == null) {
            return noStore();
        }
        Optional<JobRecord> found = store.find(unique);
        if (found.isEmpty()) {
            return error(404, "no record of job " + unique);
        }
        JobRecord record = found.get();
        try {
            if (retry) {
                if (record.state() != JobOutcome.State.FAILED && record.state() != JobOutcome.State.CANCELLED) {
                    return error(409, "only a failed or cancelled job can be retried; this one is " + record.state());
                }
                if (record.payload() == null || record.payload().endsWith(JobRecord.TRUNCATED)) {
                    return error(409, "the job's request was not stored in full: it cannot be retried from here");
                }
                String again = actions.retry(record);
                return json(new Json().object().member("retried", unique).member("unique", again).end());
            }
            if (record.state() != JobOutcome.State.QUEUED || record.handle() == null || record.server() == null) {
                return error(409, "only a queued job can be cancelled; this one is " + record.state());
            }
            boolean cancelled = actions.cancel(record);
            return json(new Json().object().member("unique", unique).member("cancelled", cancelled).end());
        } catch (RuntimeException e) {
            return error(502, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private String serversJson() {
        Json out = new Json().array();
        for (ServerSampler.Sample s : servers.sample()) {
            out.object().member("server", s.server().toString()).member("reachable", s.reachable())
                    .member("version", s.version()).member("error", s.failure()).end();
        }
        return out.endArray().toString();
    }

    private String functionsJson() {
        Json out = new Json().array();
        for (ServerSampler.Sample s : servers.sample()) {
            for (FunctionStatus f : s.reachable() ? s.status() : List.<FunctionStatus>of()) {
                out.object().member("server", s.server().toString()).member("function", f.name())
                        .member("job", logicalNames.apply(f.name()))
                        .member("queued", Math.max(0, f.total() - f.running())).member("running", f.running())
                        .member("workers", f.workers()).end();
            }
        }
        return out.endArray().toString();
    }

    private String seriesJson() {
        Json out = new Json().object();
        if (series == null) {
            return out.member("step", 0).name("t").array().endArray().name("completed").array().endArray()
                    .name("failed").array().endArray().end().toString();
        }
        ThroughputSeries.Points p = series.points();
        out.member("step", p.stepMillis());
        longs(out.name("t"), p.times());
        longs(out.name("completed"), p.completed());
        longs(out.name("failed"), p.failed());
        return out.end().toString();
    }

    private static void longs(Json out, long[] values) {
        out.array();
        for (long v : values) {
            out.value(v);
        }
        out.endArray();
    }

    private String jobsJson(Map<String, String> query) {
        JobOutcome.State state = null;
        String stateText = blankToNull(query.get("state"));
        if (stateText != null) {
            try {
                state = JobOutcome.State.valueOf(stateText);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("unknown state '" + stateText + "'");
            }
        }
        String job = blankToNull(query.get("job"));
        int offset = 0;
        String offsetText = blankToNull(query.get("offset"));
        if (offsetText != null) {
            try {
                offset = Integer.parseInt(offsetText);
            } catch (NumberFormatException e) {
                offset = -1;
            }
            if (offset < 0) {
                throw new BadRequest("offset must be a number >= 0, not '" + offsetText + "'");
            }
        }
        return JobJson.page(store.countByJobAndState(), store.find(new JobQuery(state, job, offset, PAGE_SIZE)),
                offset, PAGE_SIZE);
    }

    private DashboardResponse asset(String name) {
        Optional<StaticAssets.Asset> asset = assets.get(name);
        if (asset.isEmpty()) {
            return error(404, "not found");
        }
        return new DashboardResponse(200, asset.get().contentType(), headers(Map.of("Cache-Control", "no-cache")),
                asset.get().bytes());
    }

    private static DashboardResponse noStore() {
        return error(404, "no job record store (gearman.store.enabled=false)");
    }

    private static DashboardResponse json(Json json) {
        return json(json.toString());
    }

    private static DashboardResponse json(String json) {
        return new DashboardResponse(200, JSON, headers(Map.of("Cache-Control", "no-store")),
                json.getBytes(StandardCharsets.UTF_8));
    }

    private static DashboardResponse error(int status, String message) {
        return new DashboardResponse(status, JSON, headers(Map.of("Cache-Control", "no-store")),
                new Json().object().member("error", message).end().toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> headers(Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(extra);
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        return headers;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.putIfAbsent(key, value);
        }
        return query;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("malformed percent-encoding in '" + raw + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A request the dashboard cannot make sense of: 400 with the reason. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /** Stops sampling the metrics. */
    @Override
    public void close() {
        if (series != null) {
            series.close();
        }
    }
}
