package io.gearmancdi.cdi.retries;

import io.gearmancdi.JobFailure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Issue 12: observers of {@link JobFailure}, synchronous and asynchronous, and one that throws after them. The events
 * belong to the bean, so each application has its own.
 */
@ApplicationScoped
public class FailureObservers {
    private final BlockingQueue<JobFailure> sync = new LinkedBlockingQueue<>();
    private final BlockingQueue<JobFailure> async = new LinkedBlockingQueue<>();

    void record(@Observes @Priority(100) JobFailure failure) {
        sync.add(failure);
    }

    void recordAsync(@ObservesAsync JobFailure failure) {
        async.add(failure);
    }

    void fail(@Observes @Priority(5000) JobFailure failure) {
        throw new IllegalStateException("observer trouble for " + failure.handle());
    }

    /** @return the events the synchronous observer received, for the test to take */
    public BlockingQueue<JobFailure> sync() {
        return sync;
    }

    /** @return the events the asynchronous observer received */
    public BlockingQueue<JobFailure> async() {
        return async;
    }
}
