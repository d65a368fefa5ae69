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

    /** Request-scoped state that counts its instances and their destruction in the container's {@link Counts}. */
    @RequestScoped
    public static class Tracked {
        @Inject
        Counts counts;
        private int id;

        /** @return this instance's number (creating it on first use in a context) */
        public int id() {
            if (id == 0) {
                id = counts.nextId();
            }
            return id;
        }

        @PreDestroy
        void destroyed() {
            counts.destroyedOne();
        }
    }

    /** How many {@link Tracked} instances one container created and destroyed. */
    @ApplicationScoped
    public static class Counts {
        private final AtomicInteger created = new AtomicInteger();
        private final AtomicInteger destroyed = new AtomicInteger();

        /** @return the number of a new instance: 1, 2, 3... (methods, not fields: the injected bean is a proxy) */
        public int nextId() {
            return created.incrementAndGet();
        }

        /** Counts a destroyed instance. */
        public void destroyedOne() {
            destroyed.incrementAndGet();
        }

        /** @return the number destroyed so far */
        public int destroyed() {
            return destroyed.get();
        }
    }

    /** Observes the request context's lifecycle. */
    @ApplicationScoped
    public static class LifecycleObserver {
        private final List<String> events = new CopyOnWriteArrayList<>();

        void initialized(@Observes @Initialized(RequestScoped.class) Object event) {
            events.add("initialized");
        }

        void destroyed(@Observes @Destroyed(RequestScoped.class) Object event) {
            events.add("destroyed");
        }

        /** @return the events so far */
        public List<String> events() {
            return List.copyOf(events);
        }

        /** Forgets the events so far. */
        public void clear() {
            events.clear();
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
        WeldInitiator weld = WeldInitiator.from(Tracked.class, Counts.class).build();

        @Inject
        BeanManager beanManager;
        @Inject
        Instance<Tracked> tracked;
        @Inject
        Counts counts;

        @Test
        void usesWeldsUnboundContextWithAFreshContextPerJob() {
            JobRequestScope scope = JobRequestScope.of(beanManager);
            assertThat(scope).isInstanceOf(WeldUnboundRequestScope.class);
            int destroyed = counts.destroyed();

            List<Integer> ids = runJobs(scope, tracked, 3);

            assertThat(ids).doesNotHaveDuplicates().hasSize(3);
            assertThat(counts.destroyed() - destroyed).as("@PreDestroy after each job").isEqualTo(3);
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
        WeldInitiator weld = WeldInitiator.from(Tracked.class, Counts.class, LifecycleObserver.class).build();

        @Inject
        BeanManager beanManager;
        @Inject
        Instance<Tracked> tracked;
        @Inject
        Counts counts;
        @Inject
        LifecycleObserver observer;

        @Test
        void usesThePortableControllerSoThatObserversSeeEveryJob() {
            assertThat(JobRequestScope.lifecycleObserved(beanManager)).isTrue();
            JobRequestScope scope = JobRequestScope.of(beanManager);
            assertThat(scope).isInstanceOf(JobRequestScope.ControllerRequestScope.class);
            observer.clear();
            int destroyed = counts.destroyed();

            List<Integer> ids = runJobs(scope, tracked, 2);

            assertThat(ids).doesNotHaveDuplicates().hasSize(2);
            assertThat(counts.destroyed() - destroyed).isEqualTo(2);
            assertThat(observer.events()).containsExactly("initialized", "destroyed", "initialized",
                    "destroyed");
        }
    }
}
