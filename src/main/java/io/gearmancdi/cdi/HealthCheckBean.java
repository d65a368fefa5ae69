package io.gearmancdi.cdi;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Any;
import org.eclipse.microprofile.health.HealthCheck;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One of the MicroProfile Health checks as an application-scoped bean added after discovery, with the check's
 * qualifier ({@code @Liveness}, {@code @Readiness}, {@code @Startup}). A bean, not an added annotated type with an
 * injected {@link WorkerManager}: Payara puts an annotated type added for a class its scan did not pick up (the checks
 * carry no bean-defining annotation) into a bean archive of its own, from which {@code WorkerManager} is not visible,
 * and the deployment fails. The check asks the extension for the manager on each call.
 */
final class HealthCheckBean extends SyntheticBean<HealthCheck> {
    private final Class<? extends HealthCheck> type;
    private final Annotation qualifier;
    private final Function<Supplier<WorkerManager>, HealthCheck> factory;
    private final Supplier<WorkerManager> workers;

    HealthCheckBean(Class<? extends HealthCheck> type, Annotation qualifier,
                    Function<Supplier<WorkerManager>, HealthCheck> factory, Supplier<WorkerManager> workers) {
        this.type = type;
        this.qualifier = qualifier;
        this.factory = factory;
        this.workers = workers;
    }

    @Override
    public HealthCheck create(CreationalContext<HealthCheck> creationalContext) {
        return factory.apply(workers);
    }

    @Override
    public void destroy(HealthCheck instance, CreationalContext<HealthCheck> creationalContext) {
        creationalContext.release();
    }

    @Override
    public Class<?> getBeanClass() {
        return type;
    }

    @Override
    public Set<Type> getTypes() {
        return Set.of(HealthCheck.class, Object.class);
    }

    @Override
    public Set<Annotation> getQualifiers() {
        return Set.of(qualifier, Any.Literal.INSTANCE);
    }

    @Override
    public String getId() {
        return HealthCheckBean.class.getName() + "#" + type.getName();
    }

    @Override
    public String toString() {
        return "HealthCheckBean[@ApplicationScoped @" + qualifier.annotationType().getSimpleName() + " "
                + type.getSimpleName() + "]";
    }
}
