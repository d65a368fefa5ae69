package io.gearmancdi.cdi;

import java.util.function.Consumer;

/**
 * Runs something once the JTA transaction active on the calling thread has completed, through the container's
 * {@code TransactionSynchronizationRegistry} ({@code java:comp/TransactionSynchronizationRegistry}). Without the JTA
 * API on the class path, or without the registry in JNDI (Weld SE), there is never an active transaction.
 */
abstract class Transactions {
    /** The JNDI name every Jakarta EE container binds the registry to. */
    static final String REGISTRY = "java:comp/TransactionSynchronizationRegistry";

    /** No transactions: everything happens at once. */
    static final Transactions NONE = new Transactions() {
        @Override
        boolean afterCompletion(Consumer<Outcome> then) {
            return false;
        }

        @Override
        public String toString() {
            return "no JTA transactions";
        }
    };

    /** How a transaction ended. */
    enum Outcome {
        COMMITTED,
        /** Rolled back, or bound to: marked for rollback, or no longer able to take a synchronization. */
        ROLLED_BACK,
        /** Neither reported (a heuristic or unknown status): the data may or may not be committed. */
        UNKNOWN
    }

    /**
     * @param then called once, with the outcome, after the transaction active on this thread has completed (on the
     *             thread that completes it); it must not throw
     * @return {@code false} if no transaction is active on this thread: {@code then} is never called
     */
    abstract boolean afterCompletion(Consumer<Outcome> then);

    /**
     * Looks the registry up; called on an application thread, where {@code java:comp} is visible. The registry is one
     * object per container, valid on every thread afterwards.
     *
     * @return the container's transactions, or {@link #NONE} without JTA
     */
    static Transactions lookup() {
        if (!OptionalApi.present("jakarta.transaction.TransactionSynchronizationRegistry")) {
            return NONE;
        }
        try {
            Transactions found = Jta.find();
            return found != null ? found : NONE;
        } catch (javax.naming.NamingException | RuntimeException | LinkageError e) {
            CdiMessages.noTransactionRegistry(REGISTRY, e);
            return NONE;
        }
    }

    /** Loaded only once the JTA API is known to be there. */
    private static final class Jta extends Transactions {
        private final jakarta.transaction.TransactionSynchronizationRegistry registry;

        private Jta(jakarta.transaction.TransactionSynchronizationRegistry registry) {
            this.registry = registry;
        }

        static Transactions find() throws javax.naming.NamingException {
            javax.naming.InitialContext context = new javax.naming.InitialContext();
            try {
                return context.lookup(REGISTRY) instanceof jakarta.transaction.TransactionSynchronizationRegistry r
                        ? new Jta(r) : null;
            } finally {
                context.close();
            }
        }

        @Override
        boolean afterCompletion(Consumer<Outcome> then) {
            int status = registry.getTransactionStatus();
            if (status != jakarta.transaction.Status.STATUS_ACTIVE
                    && status != jakarta.transaction.Status.STATUS_MARKED_ROLLBACK) {
                return false;
            }
            try {
                registry.registerInterposedSynchronization(new jakarta.transaction.Synchronization() {
                    @Override
                    public void beforeCompletion() {
                        // nothing to prepare: the job goes out only after the data is committed
                    }

                    @Override
                    public void afterCompletion(int completed) {
                        then.accept(completed == jakarta.transaction.Status.STATUS_COMMITTED ? Outcome.COMMITTED
                                : completed == jakarta.transaction.Status.STATUS_ROLLEDBACK ? Outcome.ROLLED_BACK
                                : Outcome.UNKNOWN);
                    }
                });
            } catch (IllegalStateException e) {
                // marked for rollback (some containers refuse a synchronization then) or timed out in between: this
                // transaction will not commit, so whatever waits for its commit must not happen
                then.accept(Outcome.ROLLED_BACK);
            }
            return true;
        }

        @Override
        public String toString() {
            return "JTA transactions (" + registry + ")";
        }
    }
}
