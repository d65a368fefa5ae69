package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanException;
import io.gearmancdi.GearmanJobFailedException;
import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobListener;
import io.gearmancdi.JobNameMapper;
import io.gearmancdi.JobOutcome;
import io.gearmancdi.JobRequest;
import io.gearmancdi.JobStatus;
import io.gearmancdi.ResultType;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.tracing.JobTracing;
import io.gearmancdi.tracing.JobTracing.SubmitSpan;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link GearmanClient} over a {@link JobClient}: maps logical names, encodes arguments, decodes typed results.
 * Thread-safe.
 *
 * <p><b>Threads.</b> {@code callAsync} decodes the result on the thread that completes the plain client's future (its
 * completion executor: in a container the managed executor, else the client's own completion threads, never a
 * connection's reader), and hands the stage over through {@link ClientCompletion.Stages}: in a container a
 * {@code ManagedExecutorService.copy}, so that the application's dependent stages run with its context.
 *
 * <p><b>Transactions.</b> A background submission inside an active JTA transaction is encoded at once and sent from
 * the transaction's {@code afterCompletion} once it has committed (an interposed synchronization, so after the
 * resources have committed); a rollback drops it.
 *
 * <p><b>Traces.</b> With a {@link JobTracing} other than {@link JobTracing#OFF}, each submission (one per job of a
 * batch) gets a PRODUCER span, ended with the outcome the client learns (the result, the handle of a background job,
 * the failure), and its trace context goes into the payload's {@code meta}.
 */
final class DefaultGearmanClient implements GearmanClient, AutoCloseable {
    private static final int MAX_CACHED_NAMES = 1024;

    private final JobClient client;
    private final PayloadCodec codec;
    private final JobNameMapper mapper;
    private final Map<String, String> functionNames = new ConcurrentHashMap<>();
    private final ClientCompletion.Stages stages;
    private final Transactions transactions;
    private final JobTracing tracing;
    private volatile Supplier<JobRecorder> recorder = () -> null;
    private volatile Function<String, JobOutcome> outcomes = RecordOutcome::unknown;

    /**
     * A client whose stages are handed over as they are (no container context to propagate).
     *
     * @param client the plain client; closed by {@link #close()}; it bounds every wait (call, submit and status
     *               timeouts)
     * @param codec  the payload codec; closed by {@link #close()}
     * @param mapper maps logical names to function names
     */
    DefaultGearmanClient(JobClient client, PayloadCodec codec, JobNameMapper mapper) {
        this(client, codec, mapper, ClientCompletion.Stages.AS_IS);
    }

    DefaultGearmanClient(JobClient client, PayloadCodec codec, JobNameMapper mapper, ClientCompletion.Stages stages) {
        this(client, codec, mapper, stages, Transactions.NONE);
    }

    DefaultGearmanClient(JobClient client, PayloadCodec codec, JobNameMapper mapper, ClientCompletion.Stages stages,
                         Transactions transactions) {
        this(client, codec, mapper, stages, transactions, JobTracing.OFF);
    }

    DefaultGearmanClient(JobClient client, PayloadCodec codec, JobNameMapper mapper, ClientCompletion.Stages stages,
                         Transactions transactions, JobTracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.client = Objects.requireNonNull(client, "client");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.stages = Objects.requireNonNull(stages, "stages");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    /**
     * Connects the client to the job record store: background submissions and cancels are recorded, outcomes read.
     *
     * @param recorder the store's recorder, {@code null} when there is no store (called once per submission)
     * @param outcomes reads the outcome of a unique id
     */
    void useStore(Supplier<JobRecorder> recorder, Function<String, JobOutcome> outcomes) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    }

    @Override
    public JobOutcome outcome(String unique) {
        return outcomes.apply(Objects.requireNonNull(unique, "unique"));
    }

    /** Records a queued background job (a store failure never fails the submission). */
    private JobHandle queued(JobHandle handle, JobRequest request, String function, byte[] payload) {
        JobRecorder r = recorder.get();
        if (r != null && handle != null) {
            r.queued(handle, request.name(), function, payload);
        }
        return handle;
    }

    @Override
    public <T> T call(String job, Class<T> resultType, Object... args) {
        return call(positional(job, args), resultType);
    }

    @Override
    public <T> T call(JobRequest request, Class<T> resultType) {
        return callAndRead(request, resultType);
    }

    @Override
    public <T> T call(JobRequest request, ResultType<T> resultType) {
        return callAndRead(request, resultType.type());
    }

    private <T> T callAndRead(JobRequest request, Type resultType) {
        String function = functionName(request.name());
        SubmitSpan span = tracing.submit(request.name(), function, false);
        try {
            T result = read(request, client.call(function, payload(request, span), options(request, span)), resultType);
            span.end(null);
            return result;
        } catch (RuntimeException | Error e) {
            endFailed(span, e);
            throw e;
        }
    }

    @Override
    public <T> CompletionStage<T> callAsync(JobRequest request, Class<T> resultType) {
        return callAsyncAndRead(request, resultType);
    }

    @Override
    public <T> CompletionStage<T> callAsync(JobRequest request, ResultType<T> resultType) {
        return callAsyncAndRead(request, resultType.type());
    }

    private <T> CompletionStage<T> callAsyncAndRead(JobRequest request, Type resultType) {
        String function = functionName(request.name());
        SubmitSpan span = tracing.submit(request.name(), function, false);
        CompletableFuture<byte[]> result;
        try {
            result = client.submit(function, payload(request, span), options(request, span));
        } catch (RuntimeException | Error e) {
            endFailed(span, e);
            throw e;
        }
        return stages.handOver(traced(result, span).thenApply(bytes -> read(request, bytes, resultType)));
    }

    @Override
    public JobHandle submitBackground(JobRequest request) {
        String function = functionName(request.name());
        SubmitSpan span = tracing.submit(request.name(), function, true);
        try {
            byte[] payload = payload(request, span);
            SubmitOptions options = withUnique(request.options());
            CompletableFuture<JobHandle> deferred = deferUntilCommit(request, function, payload, options);
            if (deferred != null) {
                traced(deferred, span);
                deferred.thenAccept(handle -> queued(handle, request, function, payload));
                return JobHandle.deferred(options.unique());
            }
            JobHandle handle = awaitQueued(request, client.submitBackground(function, payload, request.options()));
            span.handle(handle.handle());
            span.end(null);
            return queued(handle, request, function, payload);
        } catch (RuntimeException | Error e) {
            endFailed(span, e);
            throw e;
        }
    }

    /** Bounded by the plain client: the options' timeout, else its submit timeout (gearman.client.submit-timeout). */
    private static JobHandle awaitQueued(JobRequest request, CompletableFuture<JobHandle> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new GearmanException("background job " + request.name() + " was not queued: " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GearmanException("interrupted while queueing background job " + request.name(), e);
        }
    }

    @Override
    public JobHandle submitBackground(String job, Object... args) {
        return submitBackground(positional(job, args));
    }

    @Override
    public CompletionStage<JobHandle> submitBackgroundAsync(JobRequest request) {
        String function = functionName(request.name());
        SubmitSpan span = tracing.submit(request.name(), function, true);
        CompletableFuture<JobHandle> submitted;
        try {
            byte[] payload = payload(request, span);
            SubmitOptions options = withUnique(request.options());
            CompletableFuture<JobHandle> deferred = deferUntilCommit(request, function, payload, options);
            submitted = deferred != null ? deferred : client.submitBackground(function, payload, request.options());
            // recorded beside the caller's stage, not in it: a cancellation (rollback) must reach the caller as it is
            submitted.thenAccept(handle -> queued(handle, request, function, payload));
        } catch (RuntimeException | Error e) {
            endFailed(span, e);
            throw e;
        }
        return stages.handOver(traced(submitted, span));
    }

    /** A deferred handle has no server handle: it is looked up by its unique id (unknown until the commit). */
    @Override
    public JobStatus status(JobHandle handle) {
        return handle.isDeferred() ? client.statusByUnique(handle.unique()) : client.status(handle);
    }

    @Override
    public boolean cancel(JobHandle handle) {
        boolean cancelled = client.cancel(handle);
        JobRecorder r = cancelled ? recorder.get() : null;
        if (r != null) {
            r.cancelled(handle);
        }
        return cancelled;
    }

    @Override
    public <T> List<CompletionStage<T>> callAllAsync(List<JobRequest> requests, Class<T> resultType) {
        return callAll(requests, resultType);
    }

    @Override
    public <T> List<CompletionStage<T>> callAllAsync(List<JobRequest> requests, ResultType<T> resultType) {
        return callAll(requests, resultType.type());
    }

    private <T> List<CompletionStage<T>> callAll(List<JobRequest> requests, Type resultType) {
        // all encoded first: a batch with one unwritable argument sends nothing
        List<JobClient.JobSpec> specs = new ArrayList<>(requests.size());
        List<SubmitSpan> spans = new ArrayList<>(requests.size());
        List<CompletableFuture<byte[]>> futures;
        try {
            for (int i = 0; i < requests.size(); i++) {
                JobRequest request = requests.get(i);
                String function = functionName(request.name());
                SubmitSpan span = tracing.submit(request.name(), function, false);
                spans.add(span);
                try {
                    specs.add(new JobClient.JobSpec(function, payload(request, span), options(request, span)));
                } catch (GearmanPayloadException e) {
                    throw new GearmanPayloadException("request " + (i + 1) + " of the batch (" + request.name()
                            + "): " + e.getMessage() + "; nothing was submitted", e);
                }
            }
            futures = client.submitAll(specs);
        } catch (RuntimeException | Error e) {
            spans.forEach(span -> endFailed(span, e));
            throw e;
        }
        List<CompletionStage<T>> results = new ArrayList<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            JobRequest request = requests.get(i);
            results.add(stages.handOver(traced(futures.get(i), spans.get(i))
                    .thenApply(bytes -> read(request, bytes, resultType))));
        }
        return results;
    }

    @Override
    public JobStatus statusByUnique(String unique) {
        return client.statusByUnique(unique);
    }

    @Override
    public String functionName(String logicalName) {
        // a mapper gives the same name for the same input (its contract) and is often a normal-scoped bean, which
        // costs a client-proxy call: remember the names of the application's jobs (bounded: names may be dynamic)
        String internal = functionNames.get(logicalName);
        if (internal == null) {
            internal = mapper.toInternal(logicalName);
            if (functionNames.size() < MAX_CACHED_NAMES) {
                functionNames.put(logicalName, internal);
            }
        }
        return internal;
    }

    /** Closes the plain client and the codec. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            codec.close();
        }
    }

    /**
     * Registers the submission to go out after the active transaction commits.
     *
     * @param options the options, with the unique id the job will have (the deferred handle carries it)
     * @return the future of the submission after the commit, or {@code null} when it is to be submitted now: no
     *         transaction is active, or the options say {@link SubmitOptions#immediate()}
     */
    private CompletableFuture<JobHandle> deferUntilCommit(JobRequest request, String function, byte[] payload,
                                                          SubmitOptions options) {
        if (options.immediate()) {
            return null;
        }
        CompletableFuture<JobHandle> result = new CompletableFuture<>();
        boolean deferred = transactions.afterCompletion(outcome -> {
            switch (outcome) {
                case COMMITTED -> submitAfterCommit(request, function, payload, options, result);
                case ROLLED_BACK -> result.completeExceptionally(new CancellationException("background job "
                        + request.name() + " (unique " + options.unique() + ") was not submitted: its transaction "
                        + "rolled back"));
                case UNKNOWN -> {
                    CdiMessages.transactionOutcomeUnknown(request.name(), options.unique());
                    result.completeExceptionally(new GearmanException("background job " + request.name() + " (unique "
                            + options.unique() + ") was not submitted: its transaction ended with an unknown outcome"));
                }
            }
        });
        return deferred ? result : null;
    }

    /** Runs in the transaction's afterCompletion: must not throw, and must not lose a failure. */
    private void submitAfterCommit(JobRequest request, String function, byte[] payload, SubmitOptions options,
                                   CompletableFuture<JobHandle> result) {
        try {
            client.submitBackground(function, payload, options).whenComplete((handle, failure) -> {
                if (failure == null) {
                    result.complete(handle);
                } else {
                    CdiMessages.deferredSubmitFailed(request.name(), options.unique(), failure);
                    result.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException | Error e) {
            CdiMessages.deferredSubmitFailed(request.name(), options.unique(), e);
            result.completeExceptionally(e);
        }
    }

    /** The unique id is fixed before a deferral, so that the deferred handle names the job that will be submitted. */
    private SubmitOptions withUnique(SubmitOptions options) {
        return options.unique() != null || options.immediate() || transactions == Transactions.NONE ? options
                : options.mutate().unique(UUID.randomUUID().toString()).build();
    }

    private static JobRequest positional(String job, Object[] args) {
        JobRequest request = JobRequest.of(job);
        // call("x", T.class, null) hands us a null array: that is one null argument
        return args == null ? request.arg(null) : request.args(args);
    }

    /**
     * @return the request's options; with a traced foreground job, its listener also gives the span the job's handle
     *         as soon as the server created the job (a listener costs the job an ordered lane of callbacks)
     */
    private static SubmitOptions options(JobRequest request, SubmitSpan span) {
        SubmitOptions options = request.options();
        if (span == SubmitSpan.NONE) {
            return options;
        }
        JobListener own = options.listener();
        return options.mutate().listener(new JobListener() {
            @Override
            public void onCreated(JobHandle handle) {
                span.handle(handle.handle());
                own.onCreated(handle);
            }

            @Override
            public void onStatus(JobHandle handle, long numerator, long denominator) {
                own.onStatus(handle, numerator, denominator);
            }

            @Override
            public void onData(JobHandle handle, byte[] data) {
                own.onData(handle, data);
            }

            @Override
            public void onWarning(JobHandle handle, byte[] warning) {
                own.onWarning(handle, warning);
            }
        }).build();
    }

    private byte[] payload(JobRequest request, SubmitSpan span) {
        return codec.encodeRequest(request.args(), request.kwargs(), span.meta());
    }

    /** @return the future, whose outcome ends the span (the future itself when nothing is traced) */
    private static <V> CompletableFuture<V> traced(CompletableFuture<V> future, SubmitSpan span) {
        if (span == SubmitSpan.NONE) {
            return future;
        }
        return future.whenComplete((value, failure) -> {
            if (failure == null) {
                span.handle(value instanceof JobHandle handle && !handle.isDeferred() ? handle.handle() : null);
                span.end(null);
            } else {
                endFailed(span, failure);
            }
        });
    }

    /** Ends the span with the failure, and the job's handle when the failure carries one (the job ran). */
    private static void endFailed(SubmitSpan span, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof GearmanJobFailedException failed && failed.handle() != null) {
            span.handle(failed.handle().handle());
        }
        span.end(cause);
    }

    @SuppressWarnings("unchecked")
    private <T> T read(JobRequest request, byte[] result, Type type) {
        if (type == Void.class || type == void.class) {
            return null;
        }
        Object value;
        try {
            value = codec.decodeValue(result, type);
        } catch (GearmanPayloadException e) {
            throw new GearmanPayloadException("job " + request.name() + ": " + e.getMessage(), e.getCause());
        } catch (GearmanException e) {
            throw new GearmanException("job " + request.name() + ": " + e.getMessage(), e.getCause());
        }
        if (value == null && type instanceof Class<?> c && c.isPrimitive()) {
            throw new GearmanException("job " + request.name() + " returned null, which is not a " + c);
        }
        return (T) value;
    }
}
