package io.gearmancdi.worker.internal;

import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.JobFunction;
import io.gearmancdi.worker.WorkerOptions;

import java.time.Duration;

/** Placeholder until the worker lands. */
public final class DefaultGearmanWorker implements GearmanWorker {
    /** @param options the settings */
    public DefaultGearmanWorker(WorkerOptions options) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public GearmanWorker register(String function, Duration timeout, JobFunction code) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void start() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean shutdown(Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
