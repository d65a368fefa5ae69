package io.gearmancdi.cdi;

import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import org.jboss.weld.context.RequestContext;
import org.jboss.weld.context.unbound.UnboundLiteral;

import java.util.Set;

/**
 * Weld's unbound request context, driven directly: what Weld's own controller does minus its lifecycle events. Only
 * loaded when Weld's API is visible to this library (see {@link JobRequestScope#of}).
 */
final class WeldUnboundRequestScope extends JobRequestScope {
    private final RequestContext context;

    private WeldUnboundRequestScope(RequestContext context) {
        this.context = context;
    }

    /** @return the scope, or {@code null} if the container has no unbound request context bean */
    static JobRequestScope of(BeanManager beanManager) {
        Set<Bean<?>> beans = beanManager.getBeans(RequestContext.class, UnboundLiteral.INSTANCE);
        Bean<?> bean = beanManager.resolve(beans);
        if (bean == null) {
            return null;
        }
        // Weld's context beans are singletons of the container: the reference is the context itself
        Object context = beanManager.getReference(bean, RequestContext.class, beanManager.createCreationalContext(bean));
        return new WeldUnboundRequestScope((RequestContext) context);
    }

    @Override
    boolean activate() {
        if (context.isActive()) {
            return false;
        }
        context.activate();
        return true;
    }

    @Override
    void deactivate() {
        try {
            context.invalidate(); // destroy this job's request-scoped instances when deactivated
        } finally {
            context.deactivate();
        }
    }

    @Override
    String describe() {
        return "Weld's unbound request context (no request-context lifecycle observers)";
    }
}
