package io.gearmancdi.cdi;

import io.gearmancdi.JobNameMapper;
import io.gearmancdi.WorkerExecutorProvider;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.WorkerOptions;
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
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Runs the workers of the application's {@code @GearmanJob} methods: starts them once the application is up
 * ({@code @Initialized(ApplicationScoped.class)}) if {@code gearman.worker.enabled}, and drains them when it goes down
 * ({@code @BeforeDestroyed(ApplicationScoped.class)}, while the application's beans still work): no new jobs are
 * taken, jobs in flight get {@code gearman.worker.shutdown-timeout} to finish, then the connections close.
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

    private boolean started;
    private volatile GearmanWorker worker; // volatile: isHealthy() reads it without waiting for a drain
    private DefaultWorkerExecutorProvider ownExecutor;
    private PayloadCodec codec;
    private List<String> functions = List.of();
    private final Object fatalLock = new Object();
    private java.util.function.Consumer<Throwable> fatalListener; // guarded by fatalLock
    private Throwable fatalError; // guarded by fatalLock

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        start();
    }

    void onShutdown(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stop();
    }

    @PreDestroy
    void preDestroy() {
        stop();
    }

    /** Starts the workers, once; does nothing when disabled or when there is no job to serve. */
    synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        GearmanSettings settings = extension.settings();
        if (!settings.workerEnabled()) {
            CdiMessages.workersDisabled(GearmanSettings.WORKER_ENABLED);
            return;
        }
        List<JobDefinition> jobs = new ArrayList<>();
        for (JobDefinition job : extension.jobs()) {
            if (settings.workerJobs() == null || settings.workerJobs().contains(job.name())) {
                jobs.add(job);
            }
        }
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
        codec = new PayloadCodec();
        GearmanWorker w = GearmanWorker.create(WorkerOptions.builder()
                .servers(extension.servers())
                .connectionsPerServer(settings.workerCount())
                .shutdownTimeout(settings.shutdownTimeout())
                .pollInterval(settings.pollInterval())
                .executor(executor)
                .onFatalError(this::fatalError)
                .build());
        JobRequestScope requestScope = JobRequestScope.of(beanManager);
        CdiMessages.requestScope(requestScope.describe());
        List<String> names = new ArrayList<>();
        for (JobDefinition job : jobs) {
            String function = mapper.toInternal(job.name());
            w.register(function, new JobInvoker(beanManager, job, codec, requestScope));
            names.add(function);
        }
        w.start();
        worker = w;
        functions = List.copyOf(names);
        CdiMessages.workersStarted(settings.workerCount(), extension.servers(), functions);
    }

    /** Drains and stops the workers; idempotent. */
    synchronized void stop() {
        GearmanWorker w = worker;
        worker = null;
        if (w != null) {
            Duration timeout = extension.settings().shutdownTimeout();
            boolean drained = w.shutdown(timeout);
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
    }

    /** @return the function names being served (empty when not running) */
    public synchronized List<String> functions() {
        return functions;
    }

    /**
     * Sets who is told when the workers meet an error they cannot survive (see
     * {@link WorkerOptions.Builder#onFatalError}); told at once if that happened already. {@code GearmanWorkerMain}
     * exits the process; in a container, read {@link #isHealthy()} from a health check instead.
     */
    public void onFatalError(java.util.function.Consumer<Throwable> listener) {
        Throwable happened;
        synchronized (fatalLock) {
            fatalListener = listener;
            happened = fatalError;
        }
        if (happened != null && listener != null) {
            listener.accept(happened);
        }
    }

    private void fatalError(Throwable error) {
        java.util.function.Consumer<Throwable> listener;
        synchronized (fatalLock) {
            fatalError = error;
            listener = fatalListener;
        }
        if (listener != null) {
            listener.accept(error);
        }
    }

    /** @return whether the workers run and are healthy ({@link GearmanWorker#isHealthy()}); {@code false} when stopped */
    public boolean isHealthy() {
        GearmanWorker w = worker;
        return w != null && w.isHealthy();
    }

    /** @return whether workers are running */
    public synchronized boolean isRunning() {
        return worker != null;
    }
}
