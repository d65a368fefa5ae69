package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.JobNameMapper;
import io.gearmancdi.WorkerExecutorProvider;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.tracing.JobTracing;
import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.RetryPolicy;
import io.gearmancdi.worker.WorkerOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs the workers of the application's {@code @GearmanJob} methods: starts them once the application is up
 * ({@code @Initialized(ApplicationScoped.class)}) if {@code gearman.worker.enabled}, and drains them when it goes down
 * ({@code @BeforeDestroyed(ApplicationScoped.class)}, while the application's beans still work): no new jobs are
 * taken, jobs in flight get {@code gearman.worker.shutdown-timeout} to finish, then the connections close.
 *
 * <p><b>Health.</b> A worker loop survives what it can (a failing job fails that job only); what it cannot survive is
 * reported to {@link #reportFatal(Throwable)}, after which {@link #isHealthy()} is {@code false} for good: a container
 * application reports itself unhealthy, and {@code GearmanWorkerMain} exits (it listens through
 * {@link #onFatal(Consumer)}).
 *
 * <p>Added by the extension (a discovered copy of this class is vetoed), so the library needs no bean scanning.
 */
@ApplicationScoped
public class WorkerManager {
    @Inject
    BeanManager beanManager;
    @Inject
    GearmanExtension extension;
    @Inject
    Instance<WorkerExecutorProvider> executorProviders;
    /**
     * For the optional metrics APIs' beans: a lookup through an injected {@code Instance} carries its injection point,
     * which Payara's {@code MetricRegistry} producer reads (it fails on a bean manager's lookup, which has none).
     */
    @Inject
    Instance<Object> lookups;

    private boolean started;
    private volatile GearmanWorker worker; // volatile: isHealthy() reads it without waiting for a drain
    private DefaultWorkerExecutorProvider ownExecutor;
    private PayloadCodec codec;
    private List<String> functions = List.of();
    private volatile Throwable fatal;
    private final List<Consumer<Throwable>> fatalListeners = new CopyOnWriteArrayList<>();
    private final io.gearmancdi.metrics.GearmanMetrics metrics = new io.gearmancdi.metrics.GearmanMetrics();
    private AutoCloseable published; // the metrics in the server's metrics API, or null
    // made on first use, under its own lock: a probe must not wait for start() or for stop()'s drain
    private volatile io.gearmancdi.health.GearmanHealth health;
    private final Object healthLock = new Object();

    @PostConstruct
    void created() {
        extension.workerManagerCreated(this);
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        start();
        publishMetrics();
    }

    void onShutdown(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stop();
        unpublishMetrics();
    }

    @PreDestroy
    void preDestroy() {
        stop();
        unpublishMetrics();
    }

    /** Publishes the metrics through the server's metrics API, if it has one (see {@link Observability#publish}). */
    private synchronized void publishMetrics() {
        if (published == null && extension.settings().metricsEnabled()) {
            published = Observability.publish(this, extension, lookups);
        }
    }

    private synchronized void unpublishMetrics() {
        AutoCloseable p = published;
        published = null;
        Observability.unpublish(p);
    }

    /** Starts the workers, once; does nothing when disabled or when there is no job to serve. */
    synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        // the job record store opens now, so that an unusable one (incompatible table) fails the deployment
        JobRecorder recorder = extension.store().recorder(extension, beanManager);
        GearmanSettings settings = extension.settings();
        if (!settings.workerEnabled()) {
            CdiMessages.workersDisabled(GearmanSettings.WORKER_ENABLED);
            return;
        }
        List<JobDefinition> jobs = selectedJobs(settings);
        if (jobs.isEmpty()) {
            CdiMessages.noJobs();
            return;
        }
        Executor executor;
        if (executorProviders.isResolvable()) {
            executor = executorProviders.get().workerExecutor();
        } else {
            ownExecutor = new DefaultWorkerExecutorProvider();
            executor = ownExecutor.workerExecutor();
        }
        JobNameMapper mapper = extension.nameMapper(beanManager);
        codec = ApplicationJsonb.codec(beanManager, settings.jsonLimits());
        GearmanWorker w = GearmanWorker.create(WorkerOptions.builder()
                .servers(extension.servers())
                .connectionsPerServer(settings.workerCount())
                .shutdownTimeout(settings.shutdownTimeout())
                .pollInterval(settings.pollInterval())
                .executor(executor)
                .onFatalError(this::reportFatal)
                .listener(Observability.listener(settings.metricsEnabled() ? metrics : null, beanManager))
                .build());
        JobRequestScope requestScope = JobRequestScope.of(beanManager);
        JobTracing tracing = Tracing.lookup(beanManager);
        CdiMessages.requestScope(requestScope.describe());
        List<String> names = new ArrayList<>();
        for (JobDefinition job : jobs) {
            String function = mapper.toInternal(job.name());
            w.register(function, extension.retry(job.name()).timeout(), retryPolicy(job.name(), codec, recorder),
                    new JobInvoker(beanManager, job, codec, requestScope, recorder, extension.retry(job.name()),
                            tracing));
            names.add(function);
        }
        Observability.nameJobs(metrics, jobsToServe());
        w.start();
        worker = w;
        functions = List.copyOf(names);
        CdiMessages.workersStarted(settings.workerCount(), extension.servers(), functions);
    }

    /** The worker's retry policy of one job: its settings, the {@code meta} attempt mark, the failure notifier. */
    private RetryPolicy retryPolicy(String jobName, PayloadCodec payloads, JobRecorder recorder) {
        JobRetry retry = extension.retry(jobName);
        JobFailureNotifier notifier = new JobFailureNotifier(beanManager, jobName, extension.deadLetterJob(),
                () -> beanManager.createInstance().select(GearmanClient.class).get());
        RetryPolicy.Builder policy = retry.policy().onFinalFailure(recorder == null ? notifier : (job, error) -> {
            recorder.failed(job, jobName, error);
            notifier.jobFailed(job, error);
        });
        if (retry.retries() > 0) {
            policy.attemptCodec(new RetryPolicy.AttemptCodec() {
                @Override
                public int attempt(byte[] payload) {
                    return payloads.decodeRequest(payload).attempt();
                }

                @Override
                public byte[] withAttempt(byte[] payload, int attempt) {
                    return payloads.withAttempt(payload, attempt);
                }

                @Override
                public byte[] withAttempt(byte[] payload, int attempt, String unique) {
                    return payloads.withAttempt(payload, attempt, unique);
                }
            });
        }
        return policy.build();
    }

    private List<JobDefinition> selectedJobs(GearmanSettings settings) {
        List<JobDefinition> jobs = new ArrayList<>();
        for (JobDefinition job : extension.jobs()) {
            if (settings.workerJobs() == null || settings.workerJobs().contains(job.name())) {
                jobs.add(job);
            }
        }
        return jobs;
    }

    /**
     * The jobs this application serves when its workers run, whether they run or not ({@code gearman.worker.enabled}
     * is not consulted): those of {@code gearman.worker.jobs}, or all.
     *
     * @return logical name to the function name registered with the job servers, in discovery order
     */
    public Map<String, String> jobsToServe() {
        JobNameMapper mapper = extension.nameMapper(beanManager);
        Map<String, String> names = new LinkedHashMap<>();
        for (JobDefinition job : selectedJobs(extension.settings())) {
            names.put(job.name(), mapper.toInternal(job.name()));
        }
        return Collections.unmodifiableMap(names);
    }

    /**
     * Drains and stops the workers; idempotent.
     *
     * @return {@code false} if jobs were still running after {@code gearman.worker.shutdown-timeout} and were
     *         abandoned (the job server hands them to other workers), {@code true} otherwise
     */
    public synchronized boolean stop() {
        GearmanWorker w = worker;
        worker = null;
        boolean drained = true;
        if (w != null) {
            Duration timeout = extension.settings().shutdownTimeout();
            drained = w.shutdown(timeout);
            if (!drained) {
                CdiMessages.jobsAbandoned(timeout);
            }
            CdiMessages.workersStopped();
        }
        if (ownExecutor != null) {
            ownExecutor.close(Duration.ofSeconds(5));
            ownExecutor = null;
        }
        if (codec != null) {
            codec.close();
            codec = null;
        }
        functions = List.of();
        extension.store().close(); // after the drain: the jobs in flight have written their records
        return drained;
    }

    /**
     * Records that the workers failed in a way they cannot survive (the worker's fatal-error callback lands here):
     * logs it, makes {@link #isHealthy()} {@code false} for the rest of the application's life, and tells the
     * {@link #onFatal(Consumer) listeners}. Only the first failure counts; later ones are logged only.
     *
     * @param failure what the workers could not survive
     */
    public void reportFatal(Throwable failure) {
        synchronized (fatalListeners) {
            CdiMessages.workersFailed(failure);
            if (fatal != null) {
                return;
            }
            fatal = failure;
        }
        for (Consumer<Throwable> listener : fatalListeners) {
            listener.accept(failure);
        }
    }

    /**
     * @param listener told of the first fatal failure, on the thread that reports it (at once if it has happened
     *                 already); it must not block
     */
    public void onFatal(Consumer<Throwable> listener) {
        Throwable already;
        synchronized (fatalListeners) {
            fatalListeners.add(listener);
            already = fatal;
        }
        if (already != null) {
            listener.accept(already);
        }
    }

    /**
     * Whether the application's workers are fine: running, or not meant to run (disabled, no job, not started yet,
     * stopped). For health checks.
     *
     * @return {@code false} once a fatal failure was reported, or while the running workers say they are unhealthy
     */
    public boolean isHealthy() {
        GearmanWorker w = worker;
        return fatal == null && (w == null || w.isHealthy());
    }

    /** @return the fatal failure that made the workers unhealthy, if any */
    public Optional<Throwable> fatalFailure() {
        return Optional.ofNullable(fatal);
    }

    /** @return the function names being served (empty when not running) */
    public synchronized List<String> functions() {
        return functions;
    }

    /** @return the metrics of the workers (fed unless {@code gearman.metrics.enabled} is {@code false}) */
    public io.gearmancdi.metrics.GearmanMetrics metrics() {
        return metrics;
    }

    /** @return the health checks of the workers and job servers */
    public io.gearmancdi.health.GearmanHealth health() {
        io.gearmancdi.health.GearmanHealth h = health;
        if (h == null) {
            synchronized (healthLock) {
                h = health;
                if (h == null) {
                    h = Observability.health(this, extension.settings(), extension.servers());
                    health = h;
                }
            }
        }
        return h;
    }

    /** @return a snapshot of the worker connections (empty when no worker runs) */
    public List<io.gearmancdi.worker.WorkerConnection> connections() {
        GearmanWorker w = worker;
        return w == null ? List.of() : w.connections();
    }

    /** @return the running worker, or {@code null} */
    GearmanWorker runningWorker() {
        return worker;
    }

    /** @return whether workers are running */
    public synchronized boolean isRunning() {
        return worker != null;
    }
}
