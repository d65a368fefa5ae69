package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.client.JobClient;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.BeanManager;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Set;

/**
 * The application-scoped {@link GearmanClient} bean, added by the extension unless the application declares its own.
 * Created on first use from the validated settings; {@link #destroy} closes it (and its connections) when the
 * application stops.
 */
final class GearmanClientBean extends SyntheticBean<GearmanClient> {
    private final GearmanExtension extension;
    private final BeanManager beanManager;

    GearmanClientBean(GearmanExtension extension, BeanManager beanManager) {
        this.extension = extension;
        this.beanManager = beanManager;
    }

    @Override
    public GearmanClient create(CreationalContext<GearmanClient> creationalContext) {
        GearmanSettings settings = extension.settings();
        // looked up here, on the application's thread that first uses the client (java:comp is visible there)
        ClientCompletion completion = ClientCompletion.lookup(settings.clientCompletesOnReader());
        JobClient client = JobClient.create(settings.clientOptions().mutate()
                .completionExecutor(completion.executor()).build());
        DefaultGearmanClient gearmanClient = new DefaultGearmanClient(client,
                ApplicationJsonb.codec(beanManager, settings.jsonLimits()),
                extension.nameMapper(beanManager), completion.stages(), Transactions.lookup(),
                Tracing.lookup(beanManager));
        StoreSupport store = extension.store();
        gearmanClient.useStore(() -> store.recorder(extension, beanManager),
                unique -> store.outcome(unique, extension, beanManager));
        return new ApplicationGearmanClient(gearmanClient,
                new ClientCallMetrics(settings.metricsEnabled()
                        ? extension.workerManager(beanManager).metrics() : null));
    }

    @Override
    public void destroy(GearmanClient instance, CreationalContext<GearmanClient> creationalContext) {
        if (instance instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                CdiMessages.clientCloseFailed(e);
            }
        }
        creationalContext.release();
    }

    @Override
    public Class<?> getBeanClass() {
        return ApplicationGearmanClient.class;
    }

    @Override
    public Set<Type> getTypes() {
        // the class type makes the client proxy extend it (direct calls) instead of dispatching through reflection;
        // it is package-private, so applications still see only GearmanClient
        return Set.of(GearmanClient.class, ApplicationGearmanClient.class, Object.class);
    }

    @Override
    public Set<Annotation> getQualifiers() {
        return Set.of(Default.Literal.INSTANCE, Any.Literal.INSTANCE);
    }

    @Override
    public String getId() {
        return GearmanClientBean.class.getName();
    }

    @Override
    public String toString() {
        return "GearmanClientBean[@ApplicationScoped GearmanClient]";
    }
}
