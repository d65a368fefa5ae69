package io.gearmancdi.cdi;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container path of the default {@link io.gearmancdi.WorkerExecutorProvider}: the managed executor is looked up at
 * {@code java:comp/DefaultManagedExecutorService} through JNDI (a naming provider of this test stands in for the
 * container's) and every worker loop is submitted as a managed task with {@code LONGRUNNING_HINT}.
 */
class ManagedExecutorSupportTest {
    static final List<Runnable> SUBMITTED = new CopyOnWriteArrayList<>();
    /** Where the stand-in naming provider binds the managed executor. */
    static volatile String boundAt = ManagedExecutorSupport.DEFAULT_MES;

    /** A JNDI provider binding only a managed executor, at {@link #boundAt}. */
    public static final class Naming implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            ManagedExecutorService mes = (ManagedExecutorService) Proxy.newProxyInstance(
                    Naming.class.getClassLoader(), new Class<?>[] {ManagedExecutorService.class}, (p, m, args) -> {
                        if (m.getName().equals("execute")) {
                            Runnable task = (Runnable) args[0];
                            SUBMITTED.add(task);
                            new Thread(task, "managed-executor-stand-in").start();
                            return null;
                        }
                        throw new UnsupportedOperationException(m.getName());
                    });
            return (Context) Proxy.newProxyInstance(Naming.class.getClassLoader(), new Class<?>[] {Context.class},
                    (p, m, args) -> switch (m.getName()) {
                        case "lookup" -> {
                            if (boundAt.equals(String.valueOf(args[0]))) {
                                yield mes;
                            }
                            throw new NameNotFoundException(String.valueOf(args[0]));
                        }
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    @AfterEach
    void clear() {
        System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        SUBMITTED.clear();
        boundAt = ManagedExecutorSupport.DEFAULT_MES;
    }

    @Test
    void withoutAContainerTheWorkerLoopsRunOnThreadsOfOurOwn() throws Exception {
        DefaultWorkerExecutorProvider provider = new DefaultWorkerExecutorProvider();
        assertThat(provider.isManaged()).isFalse();
        CountDownLatch ran = new CountDownLatch(1);
        provider.workerExecutor().execute(ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        provider.close(java.time.Duration.ofSeconds(5));
    }

    @Test
    void inAContainerLoopsAreLongRunningManagedTasksOnTheDefaultManagedExecutor() throws Exception {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, Naming.class.getName());
        DefaultWorkerExecutorProvider provider = new DefaultWorkerExecutorProvider();
        assertThat(provider.isManaged()).isTrue();
        Executor executor = provider.workerExecutor();
        CountDownLatch ran = new CountDownLatch(1);
        executor.execute(ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(SUBMITTED).hasSize(1);
        ManagedTask task = (ManagedTask) SUBMITTED.get(0);
        assertThat(task.getExecutionProperties()).containsEntry(ManagedTask.LONGRUNNING_HINT, "true")
                .containsEntry(ManagedTask.IDENTITY_NAME, "gearman-worker");
        provider.close(java.time.Duration.ofSeconds(1)); // never shuts down the container's executor
    }

    @Test
    void withoutJavaCompTheServersGlobalNameIsUsed_earLibOnWildFly() throws Exception {
        // an EAR's lib/ starts on a WildFly deployment thread that has no java:comp (NameNotFoundException)
        boundAt = "java:jboss/ee/concurrency/executor/default";
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, Naming.class.getName());
        DefaultWorkerExecutorProvider provider = new DefaultWorkerExecutorProvider();
        assertThat(provider.isManaged()).isTrue();
        CountDownLatch ran = new CountDownLatch(1);
        provider.workerExecutor().execute(ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(SUBMITTED).hasSize(1);
        provider.close(java.time.Duration.ofSeconds(1));
    }
}
