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
    private GearmanWorker worker;
    private DefaultWorkerExecutorProvider ownExecutor;
    private PayloadCodec codec;
    private List<String> functions = List.of();

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
        codec = new PayloadCodec(settings.jsonLimits());
        GearmanWorker w = GearmanWorker.create(WorkerOptions.builder()
                .servers(extension.servers())
                .connectionsPerServer(settings.workerCount())
                .shutdownTimeout(settings.shutdownTimeout())
                .executor(executor)
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

    /** @return whether workers are running */
    public synchronized boolean isRunning() {
        return worker != null;
    }
}
