package io.gearmancdi.health;

import io.gearmancdi.admin.FunctionStatus;
import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.WorkerConnection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The health checks of one application's Gearman use, in plain Java, shared by the MicroProfile Health adapters and
 * the HTTP endpoint of {@code GearmanWorkerMain}:
 * <ul>
 *   <li>{@link #readiness()}: every configured job server answers an admin {@code status} within the sampler's
 *   timeout, and on each, every job this instance serves has a worker registered (checked only while the workers
 *   run); plus the startup check;</li>
 *   <li>{@link #liveness()}: no fatal error (see {@code WorkerOptions.Builder.onFatalError}), and no worker
 *   connection wedged, that is overdue to make progress (see {@link GearmanWorker#connections()}: the bound comes from
 *   the poll interval, the reply timeout, the connect timeout and back-off, or the job's time limit). A job server
 *   that is down does not make an application not live: restarting it would not help;</li>
 *   <li>{@link #startup()}: the workers are started, when they are meant to run.</li>
 * </ul>
 * DOWN checks carry a {@code reason} naming the server, job or connection, and why.
 *
 * <p><b>Concurrency.</b> Thread-safe. {@link #readiness()} may block for the sampler's round trips (at most one per
 * server per sampling interval); the other two never do I/O.
 *
 * @since 1.1
 */
public final class GearmanHealth {
    /** Name of the check of the job server {@code host:port}: this prefix, a space, the address. */
    public static final String SERVER_CHECK = "gearman-server";
    /** Name of the liveness check of the workers. */
    public static final String WORKERS_CHECK = "gearman-workers";
    /** Name of the startup check. */
    public static final String STARTED_CHECK = "gearman-workers-started";

    private final ServerSampler sampler;
    private final BooleanSupplier workersExpected;
    private final Supplier<GearmanWorker> worker;
    private final Supplier<Map<String, String>> jobs;
    private final BooleanSupplier healthy;
    private final Supplier<Optional<Throwable>> fatal;

    private GearmanHealth(Builder b) {
        this.sampler = Objects.requireNonNull(b.sampler, "sampler");
        this.workersExpected = b.workersExpected;
        this.worker = b.worker;
        this.jobs = b.jobs;
        this.healthy = b.healthy;
        this.fatal = b.fatal;
    }

    /** @return a builder; only the sampler is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the sampler the readiness check uses (the metrics' server gauges share it) */
    public ServerSampler sampler() {
        return sampler;
    }

    /** @return the startup check */
    public HealthReport startup() {
        return new HealthReport(List.of(startedCheck()));
    }

    private HealthReport.Check startedCheck() {
        Map<String, Object> data = new LinkedHashMap<>();
        if (!workersExpected.getAsBoolean()) {
            data.put("workers", "not run here");
            return new HealthReport.Check(STARTED_CHECK, true, data);
        }
        GearmanWorker w = worker.get();
        if (w == null) {
            data.put("reason", "the workers have not started");
            return new HealthReport.Check(STARTED_CHECK, false, data);
        }
        data.put("connections", w.connections().size());
        return new HealthReport.Check(STARTED_CHECK, true, data);
    }

    /** @return the liveness check */
    public HealthReport liveness() {
        Map<String, Object> data = new LinkedHashMap<>();
        Optional<Throwable> failure = fatal.get();
        if (failure.isPresent()) {
            data.put("reason", "the workers failed and cannot recover: " + failure.get());
            return new HealthReport(List.of(new HealthReport.Check(WORKERS_CHECK, false, data)));
        }
        if (!healthy.getAsBoolean()) {
            data.put("reason", "the workers are not serving (stopped, or failed)");
            return new HealthReport(List.of(new HealthReport.Check(WORKERS_CHECK, false, data)));
        }
        GearmanWorker w = worker.get();
        List<String> wedged = new ArrayList<>();
        int connections = 0;
        if (w != null) {
            for (WorkerConnection c : w.connections()) {
                connections++;
                c.wedged().ifPresent(wedged::add);
            }
        }
        data.put("connections", connections);
        if (!wedged.isEmpty()) {
            data.put("reason", "wedged worker connection" + (wedged.size() > 1 ? "s: " : ": ")
                    + String.join("; ", wedged));
        }
        return new HealthReport(List.of(new HealthReport.Check(WORKERS_CHECK, wedged.isEmpty(), data)));
    }

    /** @return the readiness check: one check per server, then the startup check */
    public HealthReport readiness() {
        List<HealthReport.Check> checks = new ArrayList<>();
        boolean running = worker.get() != null;
        Map<String, String> served = running ? jobs.get() : Map.of();
        for (ServerSampler.Sample sample : sampler.sample()) {
            checks.add(serverCheck(sample, served));
        }
        checks.add(startedCheck());
        return new HealthReport(checks);
    }

    private static HealthReport.Check serverCheck(ServerSampler.Sample sample, Map<String, String> served) {
        String name = SERVER_CHECK + " " + sample.server();
        Map<String, Object> data = new LinkedHashMap<>();
        if (!sample.reachable()) {
            data.put("reason", "job server " + sample.server() + " unreachable: " + sample.failure());
            return new HealthReport.Check(name, false, data);
        }
        Map<String, FunctionStatus> byFunction = new LinkedHashMap<>();
        for (FunctionStatus status : sample.status()) {
            byFunction.put(status.name(), status);
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> job : served.entrySet()) {
            FunctionStatus status = byFunction.get(job.getValue());
            if (status == null || status.workers() < 1) {
                missing.add("job '" + job.getKey() + "' (function '" + job.getValue() + "')");
            }
        }
        data.put("jobs", served.size());
        if (!missing.isEmpty()) {
            data.put("reason", "no worker registered on job server " + sample.server() + " for "
                    + String.join(", ", missing));
        }
        return new HealthReport.Check(name, missing.isEmpty(), data);
    }

    /** Builder of {@link GearmanHealth}; not thread-safe. */
    public static final class Builder {
        private ServerSampler sampler;
        private BooleanSupplier workersExpected = () -> false;
        private Supplier<GearmanWorker> worker = () -> null;
        private Supplier<Map<String, String>> jobs = Map::of;
        private BooleanSupplier healthy = () -> true;
        private Supplier<Optional<Throwable>> fatal = Optional::empty;

        private Builder() {
        }

        /** Sets the sampler of the job servers (required). */
        public Builder sampler(ServerSampler sampler) {
            this.sampler = sampler;
            return this;
        }

        /** Sets whether workers are meant to run here (default: no, a client-only application). */
        public Builder workersExpected(BooleanSupplier expected) {
            this.workersExpected = Objects.requireNonNull(expected);
            return this;
        }

        /** Sets where the running worker comes from ({@code null} while none runs). */
        public Builder worker(Supplier<GearmanWorker> worker) {
            this.worker = Objects.requireNonNull(worker);
            return this;
        }

        /** Sets the jobs this instance serves: logical name to function name on the job servers. */
        public Builder jobs(Supplier<Map<String, String>> jobs) {
            this.jobs = Objects.requireNonNull(jobs);
            return this;
        }

        /** Sets the overall worker health flag (e.g. {@code WorkerManager::isHealthy}). */
        public Builder healthy(BooleanSupplier healthy) {
            this.healthy = Objects.requireNonNull(healthy);
            return this;
        }

        /** Sets where a fatal failure of the workers is found. */
        public Builder fatal(Supplier<Optional<Throwable>> fatal) {
            this.fatal = Objects.requireNonNull(fatal);
            return this;
        }

        /** @return the checks */
        public GearmanHealth build() {
            return new GearmanHealth(this);
        }
    }
}
