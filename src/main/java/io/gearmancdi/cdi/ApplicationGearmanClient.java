package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobRequest;
import io.gearmancdi.JobStatus;
import io.gearmancdi.ResultType;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The instance behind the application's {@link GearmanClient} bean: a {@link DefaultGearmanClient}, wrapped in a class
 * the container can subclass. A client proxy of a bean whose types are only interfaces dispatches every call through
 * reflection in Weld (about a tenth of a small job's cost in the client); with this class among the bean's types the
 * proxy extends it and calls straight through.
 */
class ApplicationGearmanClient implements GearmanClient, AutoCloseable {
    private final DefaultGearmanClient client;
    private final ClientCallMetrics metrics;

    /** For the container's client proxy only: the proxy forwards every call, it never uses its own state. */
    ApplicationGearmanClient() {
        this.client = null;
        this.metrics = null;
    }

    ApplicationGearmanClient(DefaultGearmanClient client) {
        this(client, new ClientCallMetrics(null));
    }

    ApplicationGearmanClient(DefaultGearmanClient client, ClientCallMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    @Override
    public <T> T call(String job, Class<T> resultType, Object... args) {
        return metrics.timed(job, ClientCallMetrics.COMPLETED, () -> client.call(job, resultType, args));
    }

    @Override
    public <T> T call(JobRequest request, Class<T> resultType) {
        return metrics.timed(request.name(), ClientCallMetrics.COMPLETED, () -> client.call(request, resultType));
    }

    @Override
    public <T> T call(JobRequest request, ResultType<T> resultType) {
        return metrics.timed(request.name(), ClientCallMetrics.COMPLETED, () -> client.call(request, resultType));
    }

    @Override
    public <T> CompletionStage<T> callAsync(JobRequest request, Class<T> resultType) {
        return metrics.timedAsync(request.name(), () -> client.callAsync(request, resultType));
    }

    @Override
    public <T> CompletionStage<T> callAsync(JobRequest request, ResultType<T> resultType) {
        return metrics.timedAsync(request.name(), () -> client.callAsync(request, resultType));
    }

    @Override
    public JobHandle submitBackground(JobRequest request) {
        return metrics.timed(request.name(), ClientCallMetrics.SUBMITTED, () -> client.submitBackground(request));
    }

    @Override
    public JobHandle submitBackground(String job, Object... args) {
        return metrics.timed(job, ClientCallMetrics.SUBMITTED, () -> client.submitBackground(job, args));
    }

    @Override
    public CompletionStage<JobHandle> submitBackgroundAsync(JobRequest request) {
        return client.submitBackgroundAsync(request);
    }

    @Override
    public JobStatus status(JobHandle handle) {
        return client.status(handle);
    }

    @Override
    public boolean cancel(JobHandle handle) {
        return client.cancel(handle);
    }

    @Override
    public <T> List<CompletionStage<T>> callAllAsync(List<JobRequest> requests, Class<T> resultType) {
        return client.callAllAsync(requests, resultType);
    }

    @Override
    public <T> List<CompletionStage<T>> callAllAsync(List<JobRequest> requests, ResultType<T> resultType) {
        return client.callAllAsync(requests, resultType);
    }

    @Override
    public JobStatus statusByUnique(String unique) {
        return client.statusByUnique(unique);
    }

    @Override
    public String functionName(String logicalName) {
        return client.functionName(logicalName);
    }

    @Override
    public io.gearmancdi.JobOutcome outcome(JobHandle handle) {
        return client.outcome(handle);
    }

    @Override
    public io.gearmancdi.JobOutcome outcome(String unique) {
        return client.outcome(unique);
    }

    @Override
    public io.gearmancdi.JobOutcome awaitOutcome(JobHandle handle, java.time.Duration timeout) {
        return client.awaitOutcome(handle, timeout);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "GearmanClient[" + client + "]";
    }
}
