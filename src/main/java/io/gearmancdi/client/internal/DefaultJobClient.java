package io.gearmancdi.client.internal;

import io.gearmancdi.JobHandle;
import io.gearmancdi.JobStatus;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Placeholder until the client lands. */
public final class DefaultJobClient implements JobClient {
    /** @param options the settings */
    public DefaultJobClient(ClientOptions options) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public CompletableFuture<byte[]> submit(String function, byte[] payload, SubmitOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public byte[] call(String function, byte[] payload, SubmitOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<JobHandle> submitBackground(String function, byte[] payload, SubmitOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<CompletableFuture<byte[]>> submitAll(List<JobSpec> jobs) {
        throw new UnsupportedOperationException();
    }

    @Override
    public JobStatus status(JobHandle handle) {
        throw new UnsupportedOperationException();
    }

    @Override
    public JobStatus statusByUnique(String unique) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
