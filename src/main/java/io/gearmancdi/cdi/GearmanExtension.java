package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanJob;
import io.gearmancdi.GearmanJson;
import io.gearmancdi.JobNameMapper;
import io.gearmancdi.RegisterGearmanClient;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.WorkerExecutorProvider;
import io.gearmancdi.json.ArgumentBinder;
import io.gearmancdi.server.EmbeddedGearmanServer;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.AmbiguousResolutionException;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.inject.spi.ProcessProducerField;
import jakarta.enterprise.inject.spi.ProcessProducerMethod;
import jakarta.enterprise.inject.spi.ProcessSyntheticAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.json.bind.Jsonb;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The portable extension of gearman-cdi (registered in {@code META-INF/services}).
 * <ul>
 *   <li><b>Discovers</b> {@code @GearmanJob} methods in {@link ProcessManagedBean} (final bean types, vetoed beans
 *   skipped) and records each as a {@link JobDefinition}.</li>
 *   <li><b>Validates</b> them and reports every problem at once as definition errors in {@link AfterBeanDiscovery}:
 *   private or static methods, unusable parameter or result types, two {@code JobContext} parameters, parameter names
 *   missing from the class file, blank names, and logical names used by more than one method (naming both).</li>
 *   <li><b>Registers</b> {@link WorkerManager} and, unless the application has its own {@link GearmanClient} bean,
 *   the client bean.</li>
 *   <li><b>Typed job interfaces</b> ({@code @RegisterGearmanClient}): {@link RemoteInterfaces} finds, validates and
 *   proxies them, and turns a bean's implementation of one into its jobs. A type-level {@code @GearmanJob} (the
 *   defaults of an interface's methods, see {@link MergedGearmanJob}) on any other type is a definition error.</li>
 *   <li><b>Checks the configuration</b> (MicroProfile Config, keys in docs/cdi.md §5) in {@link AfterDeploymentValidation},
 *   reporting every bad value as a deployment problem naming its key, and the names in {@code gearman.worker.jobs}
 *   that match no job.</li>
 * </ul>
 */
public class GearmanExtension implements Extension {
    private final List<JobDefinition> jobs = Collections.synchronizedList(new ArrayList<>());
    private final List<String> definitionProblems = Collections.synchronizedList(new ArrayList<>());
    /** How to name the application's beans of the SPI types in messages: a class, or a producer's member. */
    private final Map<Bean<?>, String> spiBeans = new ConcurrentHashMap<>();
    private final RemoteInterfaces remoteInterfaces = new RemoteInterfaces();
    private volatile boolean applicationClient;
    private volatile GearmanSettings settings;
    private final StoreSupport store = new StoreSupport();
    private volatile JobNameMapper mapper;
    private volatile EmbeddedGearmanServer embeddedServer;
    private volatile Map<String, JobRetry> retries = Map.of();
    private volatile String deadLetterJob;
    private volatile WorkerManager workerManager;

    /** Called by the application's {@link WorkerManager} once it is created. */
    void workerManagerCreated(WorkerManager manager) {
        this.workerManager = manager;
    }

    /**
     * The application's {@link WorkerManager}, for the client bean and the health checks. The instance that announced
     * itself, if any (always, once the application has started): in Payara the bean added for it is not visible
     * through the extension's bean manager, whose lookup is only the fallback for a use before it was created.
     */
    WorkerManager workerManager(BeanManager beanManager) {
        WorkerManager manager = workerManager;
        return manager != null ? manager : beanManager.createInstance().select(WorkerManager.class).get();
    }

    void registerTypes(@Observes BeforeBeanDiscovery event, BeanManager beanManager) {
        event.addAnnotatedType(beanManager.createAnnotatedType(WorkerManager.class), WorkerManager.class.getName());
    }

    void vetoDiscoveredCopies(@Observes ProcessAnnotatedType<WorkerManager> event) {
        // the library jar is a bean archive too; keep only the copy registered above
        if (!(event instanceof ProcessSyntheticAnnotatedType)) {
            event.veto();
        }
    }

    void findRemoteInterfaces(@Observes @WithAnnotations(RegisterGearmanClient.class) ProcessAnnotatedType<?> event) {
        remoteInterfaces.found(event.getAnnotatedType().getJavaClass());
    }

    void refuseMisplacedJobDefaults(@Observes @WithAnnotations(GearmanJob.class) ProcessAnnotatedType<?> event) {
        Class<?> type = event.getAnnotatedType().getJavaClass();
        if (type.isAnnotationPresent(GearmanJob.class)
                && !(type.isInterface() && type.isAnnotationPresent(RegisterGearmanClient.class))) {
            // never a silent skip: the author meant these settings to apply somewhere
            definitionProblems.add("@GearmanJob on type " + type.getName() + ": on a type it gives the defaults of a "
                    + "@RegisterGearmanClient interface's methods, and " + type.getName() + " is no such interface "
                    + "(put @GearmanJob on the job methods instead)");
        }
    }

    void findRemoteInjections(@Observes ProcessInjectionPoint<?, ?> event) {
        remoteInterfaces.injected(event.getInjectionPoint());
    }

    <X> void collectJobs(@Observes ProcessManagedBean<X> event) {
        jobs.addAll(remoteInterfaces.implementedJobs(event.getBean(), event.getAnnotatedBeanClass(),
                definitionProblems));
        for (AnnotatedMethod<? super X> method : event.getAnnotatedBeanClass().getMethods()) {
            if (!method.isAnnotationPresent(GearmanJob.class)) {
                continue;
            }
            Method javaMethod = method.getJavaMember();
            String where = "@GearmanJob method " + JobNames.describe(javaMethod);
            List<String> problems = new ArrayList<>(ArgumentBinder.problems(javaMethod));
            GearmanJob annotation = method.getAnnotation(GearmanJob.class);
            if (!annotation.name().isEmpty() && (annotation.name().isBlank()
                    || annotation.name().chars().anyMatch(c -> c <= ' '))) {
                problems.add("its name '" + annotation.name() + "' is blank or contains whitespace");
            }
            problems.addAll(JobRetry.problems(annotation));
            if (!problems.isEmpty()) {
                problems.forEach(p -> definitionProblems.add(where + ": " + p));
                continue;
            }
            String name = JobNames.logicalName(event.getBean().getBeanClass(), javaMethod);
            jobs.add(new JobDefinition(event.getBean(), method, name, ArgumentBinder.of(name, javaMethod)));
        }
    }

    void detectApplicationClient(@Observes ProcessBean<?> event) {
        if (event.getBean().getTypes().contains(GearmanClient.class)
                && event.getBean().getQualifiers().contains(Default.Literal.INSTANCE)
                && !(event.getBean() instanceof GearmanClientBean)) {
            applicationClient = true;
        }
        Set<java.lang.reflect.Type> types = event.getBean().getTypes();
        if (types.contains(WorkerExecutorProvider.class) || types.contains(JobNameMapper.class)
                || types.contains(Jsonb.class) && event.getBean().getQualifiers().contains(GearmanJson.Literal.INSTANCE)) {
            String name = event.getBean().getBeanClass().getName();
            if (event instanceof ProcessProducerMethod<?, ?> producer) {
                name = "producer method " + name + "#" + producer.getAnnotatedProducerMethod().getJavaMember().getName()
                        + "()";
            } else if (event instanceof ProcessProducerField<?, ?> producer) {
                name = "producer field " + name + "." + producer.getAnnotatedProducerField().getJavaMember().getName();
            } else {
                name = "bean " + name;
            }
            spiBeans.put(event.getBean(), name);
        }
    }

    void addBeans(@Observes AfterBeanDiscovery event, BeanManager beanManager) {
        Map<String, List<JobDefinition>> byName = new LinkedHashMap<>();
        synchronized (jobs) {
            for (JobDefinition job : jobs) {
                byName.computeIfAbsent(job.name(), n -> new ArrayList<>()).add(job);
            }
        }
        List<RemoteProxyBean> remoteProxies = remoteInterfaces.beans(beanManager, definitionProblems);
        List<String> problems;
        synchronized (definitionProblems) {
            problems = new ArrayList<>(definitionProblems);
        }
        byName.forEach((name, same) -> {
            if (same.size() > 1) {
                problems.add("@GearmanJob name '" + name + "' is used by " + same.size() + " methods: "
                        + String.join(" and ", same.stream().map(JobDefinition::describe).toList())
                        + "; give one of them another name with @GearmanJob(name = \"...\")");
            }
        });
        // one summary the operator can read before the container's own report, which repeats each problem with a trace
        CdiMessages.deploymentProblems(problems);
        problems.forEach(p -> event.addDefinitionError(new DefinitionException(p)));
        if (!applicationClient) {
            event.addBean(new GearmanClientBean(this, beanManager));
        }
        remoteProxies.forEach(event::addBean);
        MicroProfileHealth.registerIfAvailable(event, () -> workerManager(beanManager));
    }

    void validateConfiguration(@Observes AfterDeploymentValidation event, BeanManager beanManager) {
        List<String> problems = new ArrayList<>();
        ambiguousSpiBean(beanManager, WorkerExecutorProvider.class, problems);
        ambiguousSpiBean(beanManager, JobNameMapper.class, problems);
        ambiguousSpiBean(beanManager, Jsonb.class, GearmanJson.Literal.INSTANCE, problems);
        Config config;
        try {
            config = ConfigProvider.getConfig();
        } catch (RuntimeException | LinkageError e) {
            String noConfig = "gearman-cdi reads its settings from MicroProfile Config, and none is available: " + e;
            List<String> all = new ArrayList<>(problems);
            all.add(noConfig);
            CdiMessages.deploymentProblems(all);
            problems.forEach(p -> event.addDeploymentProblem(new DeploymentException(p)));
            event.addDeploymentProblem(new DeploymentException(noConfig, e));
            return;
        }
        // strings first (every documented form, every message), then the converters for what those forms refuse
        GearmanSettings.Converted converters = config::getOptionalValue;
        GearmanSettings read = GearmanSettings.read(key -> config.getOptionalValue(key, String.class), converters,
                problems);
        GearmanSettings.EmbeddedServerLimits embeddedLimits = GearmanSettings.readEmbeddedServerLimits(
                key -> config.getOptionalValue(key, String.class), converters, problems);
        if (read.workerJobs() != null) {
            List<String> known = jobs().stream().map(JobDefinition::name).toList();
            for (String name : read.workerJobs()) {
                if (!known.contains(name)) {
                    problems.add("configuration " + GearmanSettings.WORKER_JOBS + " names '" + name
                            + "', which is no @GearmanJob of this application (known: " + known + ")");
                }
            }
        }
        store.configure(GearmanSettings.readStoreSettings(key -> config.getOptionalValue(key, String.class),
                converters, problems));
        retries = JobRetry.resolve(jobs(), key -> config.getOptionalValue(key, String.class), converters, problems);
        deadLetterJob = config.getOptionalValue(JobRetry.DEAD_LETTER_JOB, String.class).map(String::trim)
                .filter(n -> !n.isEmpty()).orElse(null);
        if (deadLetterJob != null && !retries.containsKey(deadLetterJob)) {
            problems.add("configuration " + JobRetry.DEAD_LETTER_JOB + " names '" + deadLetterJob
                    + "', which is no @GearmanJob of this application (known: " + retries.keySet() + ")");
        }
        CdiMessages.deploymentProblems(problems);
        problems.forEach(p -> event.addDeploymentProblem(new DeploymentException(p)));
        if (problems.isEmpty() && read.embeddedEnabled()) {
            try {
                embeddedServer = EmbeddedServerSupport.start(read.embeddedPort(), embeddedLimits);
            } catch (RuntimeException e) {
                String problem = "configuration " + GearmanSettings.EMBEDDED_ENABLED + "=true, but the embedded "
                        + "gearman server cannot start on port " + read.embeddedPort() + " ("
                        + GearmanSettings.EMBEDDED_PORT + "): " + e.getMessage();
                CdiMessages.deploymentProblems(List.of(problem));
                event.addDeploymentProblem(new DeploymentException(problem, e));
                return;
            }
            if (!read.serversConfigured()) {
                read = read.withServers(List.of(embeddedServer.address()));
            }
        }
        settings = read;
        CdiMessages.jobsFound(jobs());
    }

    /**
     * Two beans of an SPI type that nothing ranks (no enabled alternative) would make {@code Instance.isResolvable()}
     * false, and the library would quietly use its default instead of either: say so at deployment instead.
     */
    private void ambiguousSpiBean(BeanManager beanManager, Class<?> type, List<String> problems) {
        ambiguousSpiBean(beanManager, type, null, problems);
    }

    /** @param qualifier the qualifier the library looks the type up with, or {@code null} for {@code @Default} */
    private void ambiguousSpiBean(BeanManager beanManager, Class<?> type, Annotation qualifier, List<String> problems) {
        Set<Bean<?>> beans = qualifier == null ? beanManager.getBeans(type) : beanManager.getBeans(type, qualifier);
        if (beans.size() < 2) {
            return;
        }
        try {
            beanManager.resolve(beans);
        } catch (AmbiguousResolutionException e) {
            List<String> names = beans.stream().map(b -> spiBeans.getOrDefault(b, "bean " + b.getBeanClass().getName()))
                    .sorted().toList();
            String what = (qualifier == null ? "" : "@" + qualifier.annotationType().getSimpleName() + " ") + type.getName();
            problems.add("the application declares " + beans.size() + " beans of " + what + ": "
                    + String.join(" and ", names) + "; gearman-cdi uses exactly one: remove the others, or make the "
                    + "one to use an @Alternative with a @Priority");
        }
    }

    void stopEmbeddedServer(@Observes BeforeShutdown event) {
        // after the application context is gone, so the workers have drained already
        EmbeddedServerSupport.stop(embeddedServer);
        embeddedServer = null;
    }

    /** @return the embedded server started with the application, or {@code null} */
    public EmbeddedGearmanServer embeddedServer() {
        return embeddedServer;
    }

    /** @return the jobs found, in discovery order */
    List<JobDefinition> jobs() {
        synchronized (jobs) {
            return List.copyOf(jobs);
        }
    }

    /** @return the failure handling of a job (available once the deployment is validated) */
    JobRetry retry(String jobName) {
        JobRetry r = retries.get(jobName);
        if (r == null) {
            throw new IllegalStateException("no failure settings for job '" + jobName + "'");
        }
        return r;
    }

    /** @return the logical name of the dead-letter job ({@code gearman.dead-letter.job}), or {@code null} */
    String deadLetterJob() {
        return deadLetterJob;
    }

    /** @return the job record store of the application (issue 15) */
    StoreSupport store() {
        return store;
    }

    /** @return the validated settings (available once the deployment is validated) */
    public GearmanSettings settings() {
        GearmanSettings s = settings;
        if (s == null) {
            throw new IllegalStateException("gearman-cdi settings are read at deployment validation");
        }
        return s;
    }

    /** @return the servers that clients and workers use */
    public List<ServerAddress> servers() {
        return settings().servers();
    }

    /**
     * The name mapper shared by client and workers: the application's {@link JobNameMapper} bean if it declares one,
     * else the one {@code gearman.job-name.prefix} configures.
     */
    public JobNameMapper nameMapper(BeanManager beanManager) {
        JobNameMapper m = mapper;
        if (m == null) {
            Instance<JobNameMapper> own = beanManager.createInstance().select(JobNameMapper.class);
            m = own.isResolvable() ? own.get() : settings().configuredMapper();
            mapper = m;
        }
        return m;
    }
}
