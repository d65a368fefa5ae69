package io.gearmancdi.cdi;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Finds the container's managed executor. Kept apart so that the Jakarta Concurrency API is only touched when it is on
 * the class path (it is not under a plain Weld SE application).
 */
final class ManagedExecutorSupport {
    private ManagedExecutorSupport() {
    }

    /** @return an executor submitting long-running managed tasks to the executor bound at {@code name}, or null */
    static Executor lookup(String name) {
        try {
            Class.forName("jakarta.enterprise.concurrent.ManagedExecutorService", false,
                    ManagedExecutorSupport.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        try {
            return Managed.lookup(name);
        } catch (javax.naming.NamingException | RuntimeException | LinkageError e) {
            CdiMessages.noManagedExecutorAt(name, e);
            return null;
        }
    }

    /** Loaded only once the Concurrency API is known to be there. */
    private static final class Managed {
        static Executor lookup(String name) throws javax.naming.NamingException {
            javax.naming.InitialContext context = new javax.naming.InitialContext();
            try {
                Object found = context.lookup(name);
                if (!(found instanceof jakarta.enterprise.concurrent.ManagedExecutorService mes)) {
                    return null;
                }
                Map<String, String> hints = Map.of(
                        jakarta.enterprise.concurrent.ManagedTask.LONGRUNNING_HINT, "true",
                        jakarta.enterprise.concurrent.ManagedTask.IDENTITY_NAME, "gearman-worker");
                return task -> mes.execute(jakarta.enterprise.concurrent.ManagedExecutors.managedTask(task, hints,
                        null));
            } finally {
                context.close();
            }
        }
    }
}
