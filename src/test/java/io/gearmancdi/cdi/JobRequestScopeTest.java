package io.gearmancdi.cdi;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both ways {@link JobRequestScope} activates a job's request context, in Weld SE: each job gets a fresh request
 * context whose beans are destroyed after it, an already active context is left alone, and observers of the request
 * context's lifecycle events keep receiving them (which is why their presence selects the portable controller).
 */
class JobRequestScopeTest {

    /** Request-scoped state that counts its instances and their destruction. */
    @RequestScoped
    public static class Tracked {
        static final AtomicInteger CREATED = new AtomicInteger();
        static final AtomicInteger DESTROYED = new AtomicInteger();
        private int id;

        /** @return this instance's number (creating it on first use in a context) */
        public int id() {
            if (id == 0) {
                id = CREATED.incrementAndGet();
            }
            return id;
        }

        @PreDestroy
        void destroyed() {
            DESTROYED.incrementAndGet();
        }
    }

    /** Observes the request context's lifecycle. */
    @ApplicationScoped
    public static class LifecycleObserver {
        static final List<String> EVENTS = new CopyOnWriteArrayList<>();

        void initialized(@Observes @Initialized(RequestScoped.class) Object event) {
            EVENTS.add("initialized");
        }

        void destroyed(@Observes @Destroyed(RequestScoped.class) Object event) {
            EVENTS.add("destroyed");
        }
    }

    /** Runs {@code jobs} jobs, each reading the request-scoped bean twice; returns the ids seen. */
    static List<Integer> runJobs(JobRequestScope scope, Instance<Tracked> tracked, int jobs) {
        List<Integer> ids = new CopyOnWriteArrayList<>();
        for (int i = 0; i < jobs; i++) {
            assertThat(scope.activate()).isTrue();
            try {
                int first = tracked.get().id();
                assertThat(tracked.get().id()).as("same instance within one job").isEqualTo(first);
                ids.add(first);
            } finally {
                scope.deactivate();
            }
        }
        return ids;
    }

    static boolean requestContextActive(BeanManager beanManager) {
        try {
            return beanManager.getContext(RequestScoped.class).isActive();
        } catch (ContextNotActiveException e) {
            return false;
        }
    }

    @Nested
    @EnableWeld
    class WithoutLifecycleObservers {
        @WeldSetup
        WeldInitiator weld = WeldInitiator.from(Tracked.class).build();

        @Inject
        BeanManager beanManager;
        @Inject
        Instance<Tracked> tracked;

        @Test
        void usesWeldsUnboundContextWithAFreshContextPerJob() {
            JobRequestScope scope = JobRequestScope.of(beanManager);
            assertThat(scope).isInstanceOf(WeldUnboundRequestScope.class);
            int destroyed = Tracked.DESTROYED.get();

            List<Integer> ids = runJobs(scope, tracked, 3);

            assertThat(ids).doesNotHaveDuplicates().hasSize(3);
            assertThat(Tracked.DESTROYED.get() - destroyed).as("@PreDestroy after each job").isEqualTo(3);
            assertThat(requestContextActive(beanManager)).isFalse();
        }

        @Test
        void leavesAnAlreadyActiveContextAlone() {
            JobRequestScope scope = JobRequestScope.of(beanManager);
            assertThat(scope.activate()).isTrue();
            try {
                int outer = tracked.get().id();
                assertThat(scope.activate()).as("nested activation").isFalse();
                assertThat(tracked.get().id()).isEqualTo(outer);
                assertThat(requestContextActive(beanManager)).isTrue();
            } finally {
                scope.deactivate();
            }
            assertThat(requestContextActive(beanManager)).isFalse();
        }

        @Test
        void eachThreadHasItsOwnContext() throws Exception {
            JobRequestScope scope = JobRequestScope.of(beanManager);
            List<Integer> ids = new CopyOnWriteArrayList<>();
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> ids.addAll(runJobs(scope, tracked, 50)));
                threads[t].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(ids).hasSize(200).doesNotHaveDuplicates();
        }
    }

    @Nested
    @EnableWeld
    class WithLifecycleObservers {
        @WeldSetup
        WeldInitiator weld = WeldInitiator.from(Tracked.class, LifecycleObserver.class).build();

        @Inject
        BeanManager beanManager;
        @Inject
        Instance<Tracked> tracked;

        @Test
        void usesThePortableControllerSoThatObserversSeeEveryJob() {
            assertThat(JobRequestScope.lifecycleObserved(beanManager)).isTrue();
            JobRequestScope scope = JobRequestScope.of(beanManager);
            assertThat(scope).isInstanceOf(JobRequestScope.ControllerRequestScope.class);
            LifecycleObserver.EVENTS.clear();
            int destroyed = Tracked.DESTROYED.get();

            List<Integer> ids = runJobs(scope, tracked, 2);

            assertThat(ids).doesNotHaveDuplicates().hasSize(2);
            assertThat(Tracked.DESTROYED.get() - destroyed).isEqualTo(2);
            assertThat(LifecycleObserver.EVENTS).containsExactly("initialized", "destroyed", "initialized",
                    "destroyed");
        }
    }
}
