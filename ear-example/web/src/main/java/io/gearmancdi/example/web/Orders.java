package io.gearmancdi.example.web;

import io.gearmancdi.GearmanRemote;
import io.gearmancdi.JobHandle;
import io.gearmancdi.example.JobSubmissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Places orders in a JTA transaction. The confirmation job is submitted inside it, where the library defers it until
 * the commit: when placing the order fails, the transaction rolls back and no confirmation is ever sent.
 */
@ApplicationScoped
public class Orders {
    @Inject
    @GearmanRemote
    JobSubmissions submissions;

    /** The order could not be placed; its transaction rolls back. */
    public static final class OrderRejected extends RuntimeException {
        OrderRejected(String message) {
            super(message);
        }
    }

    /**
     * @param order  the order id
     * @param reject throw after submitting the confirmation (stands for a failure later in the transaction)
     * @return the confirmation's handle: deferred, since the job is only submitted once the transaction commits
     */
    @Transactional
    public JobHandle place(String order, boolean reject) {
        // ... the order would be written to the database here, in the same transaction ...
        JobHandle confirmation = submissions.confirmOrder(order);
        if (reject) {
            throw new OrderRejected("order " + order + " rejected");
        }
        return confirmation;
    }
}
