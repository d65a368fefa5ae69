package io.gearmancdi.example;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A background job submitted from a transaction: "sends" an order's confirmation and counts how often it did, per
 * order. The web module submits it inside a {@code @Transactional} method; the library holds the submission back
 * until the transaction commits, so an order whose transaction rolls back is never confirmed.
 */
@ApplicationScoped
public class OrderConfirmations {
    /** The job's logical name. */
    public static final String NAME = "example-confirm-order";
    private static final int MAX_ENTRIES = 1000;

    private final Map<String, Integer> sent = new ConcurrentHashMap<>();

    /** @param order the order to confirm */
    @GearmanJob(name = NAME)
    public void confirm(String order) {
        if (sent.size() < MAX_ENTRIES || sent.containsKey(order)) {
            sent.merge(order, 1, Integer::sum);
        }
    }

    /**
     * @param order an order
     * @return how many confirmations of it this instance sent
     */
    public int sentFor(String order) {
        return sent.getOrDefault(order, 0);
    }
}
