package io.gearmancdi.cdi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Finds the container's managed executor, for the worker loops ({@link DefaultWorkerExecutorProvider}) and for the
 * client's completions ({@link ClientCompletion}). Kept apart so that the Jakarta Concurrency API is only touched when
 * it is on the class path (it is not under a plain Weld SE application): every use of its types is in the nested
 * class {@code Managed}, loaded only once the API is known to be there.
 */
final class ManagedExecutorSupport {
    /** Where Jakarta EE containers bind their default managed executor. */
    static final String DEFAULT_MES = "java:comp/DefaultManagedExecutorService";
    /**
     * The same executor under the servers' own global names, tried when {@link #DEFAULT_MES} is not there: code in an
     * EAR's {@code lib/} starts on a deployment thread without a {@code java:comp} of its own in WildFly (verified
     * with WildFly 39: NameNotFoundException there, while its global name works); Payara has {@code java:comp} there.
     */
    static final List<String> SERVER_MES = List.of(
            "java:jboss/ee/concurrency/executor/default",    // WildFly
            "concurrent/__defaultManagedExecutorService");   // Payara, GlassFish

    private ManagedExecutorSupport() {
    }

    /**
     * The container's managed executor and the name it was found at. Typed as a plain {@link ExecutorService} so that
     * this class loads without the Concurrency API; it exists only when the API is there.
     */
    record Found(String name, ExecutorService executor) {
        /** @return an executor submitting each task to the managed executor as a long-running managed task */
        Executor longRunningTasks() {
            return Managed.longRunningTasks(executor);
        }

        /** @return completions on the managed executor, with stages that are its context-propagating copies */
        ClientCompletion clientCompletion() {
            return Managed.clientCompletion(executor);
        }
    }

    /**
     * Looks the managed executor up at {@link #DEFAULT_MES}, then at {@link #SERVER_MES}, logging each name that
     * fails.
     *
     * @return the first one found, or {@code null} without the Concurrency API or without a managed executor
     */
    static Found find() {
        if (!OptionalApi.present("jakarta.enterprise.concurrent.ManagedExecutorService")) {
            return null;
        }
        List<String> names = new ArrayList<>();
        names.add(DEFAULT_MES);
        names.addAll(SERVER_MES);
        for (String name : names) {
            try {
                ExecutorService found = Managed.lookup(name);
                if (found != null) {
                    return new Found(name, found);
                }
            } catch (javax.naming.NamingException | RuntimeException | LinkageError e) {
                CdiMessages.noManagedExecutorAt(name, e);
            }
        }
        return null;
    }

    /** Loaded only once the Concurrency API is known to be there. */
    private static final class Managed {
        /** @return the managed executor bound at {@code name}, or {@code null} if something else is bound there */
        static ExecutorService lookup(String name) throws javax.naming.NamingException {
            javax.naming.InitialContext context = new javax.naming.InitialContext();
            try {
                return context.lookup(name) instanceof jakarta.enterprise.concurrent.ManagedExecutorService mes
                        ? mes : null;
            } finally {
                context.close();
            }
        }

        static Executor longRunningTasks(ExecutorService executor) {
            var mes = (jakarta.enterprise.concurrent.ManagedExecutorService) executor;
            Map<String, String> hints = Map.of(
                    jakarta.enterprise.concurrent.ManagedTask.LONGRUNNING_HINT, "true",
                    jakarta.enterprise.concurrent.ManagedTask.IDENTITY_NAME, "gearman-worker");
            return task -> mes.execute(jakarta.enterprise.concurrent.ManagedExecutors.managedTask(task, hints, null));
        }

        static ClientCompletion clientCompletion(ExecutorService executor) {
            var mes = (jakarta.enterprise.concurrent.ManagedExecutorService) executor;
            return new ClientCompletion(mes, mes::copy);
        }
    }
}
