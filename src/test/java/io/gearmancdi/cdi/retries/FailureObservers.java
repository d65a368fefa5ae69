package io.gearmancdi.cdi.retries;

import io.gearmancdi.JobFailure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Issue 12: observers of {@link JobFailure}, synchronous and asynchronous, and one that throws after them. */
@ApplicationScoped
public class FailureObservers {
    public static final BlockingQueue<JobFailure> SYNC = new LinkedBlockingQueue<>();
    public static final BlockingQueue<JobFailure> ASYNC = new LinkedBlockingQueue<>();

    void record(@Observes @Priority(100) JobFailure failure) {
        SYNC.add(failure);
    }

    void recordAsync(@ObservesAsync JobFailure failure) {
        ASYNC.add(failure);
    }

    void fail(@Observes @Priority(5000) JobFailure failure) {
        throw new IllegalStateException("observer trouble for " + failure.handle());
    }
}
