package io.gearmancdi.cdi;

import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request context each job runs in: activated before the job method, destroyed (with its request-scoped beans)
 * after it. Two ways, chosen once per application by {@link #of}: the portable {@link RequestContextController}, or,
 * when the container is Weld and nothing observes the request context's lifecycle events, Weld's unbound request
 * context directly. Both start every job in an empty context; the second skips what no one can see (Weld's controller
 * builds and fires three events per job, which was about 15 % of a small job's cost in the worker).
 */
abstract class JobRequestScope {
    private static final String WELD_UNBOUND = "org.jboss.weld.context.unbound.UnboundLiteral";

    /**
     * Activates the request context on this thread unless one is active already.
     *
     * @return whether this call activated it, so that {@link #deactivate()} must follow
     */
    abstract boolean activate();

    /** Destroys the request-scoped instances of this thread's job and deactivates the context. */
    abstract void deactivate();

    /** @return a short description for the log */
    abstract String describe();

    /** @return the way to activate request contexts in the application of {@code beanManager} */
    static JobRequestScope of(BeanManager beanManager) {
        if (!lifecycleObserved(beanManager) && weldApiVisible()) {
            JobRequestScope weld = WeldUnboundRequestScope.of(beanManager);
            if (weld != null) {
                return weld;
            }
        }
        return new ControllerRequestScope(beanManager);
    }

    /** Whether any observer would receive the events a controller fires for the request context (a String payload). */
    static boolean lifecycleObserved(BeanManager beanManager) {
        for (Annotation qualifier : new Annotation[] {Initialized.Literal.REQUEST, BeforeDestroyed.Literal.REQUEST,
                Destroyed.Literal.REQUEST}) {
            if (!beanManager.resolveObserverMethods("", qualifier).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean weldApiVisible() {
        return OptionalApi.present(WELD_UNBOUND);
    }

    /**
     * The portable way: a {@link RequestContextController} per worker thread, reused for every job that thread runs (a
     * controller is not thread-safe, but activates and deactivates any number of times in sequence; creating one per
     * job was costly). The map lives as long as the application, never in a ThreadLocal of a container's pooled thread.
     */
    static final class ControllerRequestScope extends JobRequestScope {
        private final Instance<RequestContextController> controllers;
        private final Map<Thread, RequestContextController> byThread = new ConcurrentHashMap<>();

        ControllerRequestScope(BeanManager beanManager) {
            this.controllers = beanManager.createInstance().select(RequestContextController.class);
        }

        @Override
        boolean activate() {
            return controller().activate();
        }

        @Override
        void deactivate() {
            controller().deactivate();
        }

        private RequestContextController controller() {
            return byThread.computeIfAbsent(Thread.currentThread(), thread -> controllers.get());
        }

        @Override
        String describe() {
            return "RequestContextController";
        }
    }
}
