package io.gearmancdi.cdi;

import io.gearmancdi.GearmanPayloadException;
import io.gearmancdi.json.Envelope;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.tracing.JobTracing;
import io.gearmancdi.worker.JobFunction;
import io.gearmancdi.worker.WorkerJob;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Runs one {@code @GearmanJob} method for the worker: decodes and binds the payload, activates the request context,
 * calls the method on the bean's contextual reference (so interceptors and decorators apply), and writes the result as
 * JSON. A failure is thrown to the worker, which fails the job with its type and message; the exception a job throws is
 * rethrown as is (unwrapped from reflection).
 *
 * <p>With tracing on, the job runs inside a CONSUMER span that continues the trace of the payload's
 * {@code meta.traceparent}/{@code tracestate} and is current on the worker thread, so that the job's own spans join
 * the caller's trace; a malformed {@code traceparent} is ignored (the job starts a new trace, GEARMAN-7022 at DEBUG).
 */
final class JobInvoker implements JobFunction {
    private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);

    private final BeanManager beanManager;
    private final JobDefinition job;
    private final PayloadCodec codec;
    private final Method method;
    private final Type referenceType;
    private final boolean dependent;
    private final boolean normalScoped;
    private final JobRequestScope requestScope;
    private final JobTracing tracing;
    private volatile Object sharedReference; // normal-scoped beans only: the client proxy, valid as long as the app
    private final JobRecorder recorder; // null when there is no job record store
    private final JobRetry retry;

    JobInvoker(BeanManager beanManager, JobDefinition job, PayloadCodec codec, JobRequestScope requestScope) {
        this(beanManager, job, codec, requestScope, null, null, JobTracing.OFF);
    }

    /**
     * @param recorder writes the job's record (running, progress, result, retrying), or {@code null}; its final
     *                 failure is written by the retry policy's final-failure handler
     * @param retry    the job's failure handling, to tell a retried failure from a final one (with a recorder)
     * @param tracing  the CONSUMER spans around jobs, {@link JobTracing#OFF} without OpenTelemetry
     */
    JobInvoker(BeanManager beanManager, JobDefinition job, PayloadCodec codec, JobRequestScope requestScope,
               JobRecorder recorder, JobRetry retry, JobTracing tracing) {
        this.recorder = recorder;
        this.retry = retry;
        this.beanManager = beanManager;
        this.tracing = tracing;
        this.requestScope = requestScope;
        this.job = job;
        this.codec = codec;
        this.method = job.javaMethod();
        Bean<?> bean = job.bean();
        this.referenceType = bean.getTypes().contains(bean.getBeanClass()) ? bean.getBeanClass() : Object.class;
        this.dependent = bean.getScope() == Dependent.class;
        this.normalScoped = beanManager.isNormalScope(bean.getScope());
        if (!Modifier.isPublic(method.getModifiers()) || !Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
            // package-private or protected methods, or public ones of non-public classes; the call still goes
            // through the proxy, because Method.invoke dispatches virtually
            method.setAccessible(true);
        }
    }

    @Override
    public byte[] run(WorkerJob workerJob) throws Exception {
        if (tracing == JobTracing.OFF) {
            return record(workerJob, codec.decodeRequest(workerJob.payload()));
        }
        Envelope envelope;
        try {
            envelope = codec.decodeRequest(workerJob.payload());
        } catch (GearmanPayloadException e) {
            // no trace context to continue: the failed job gets a span of its own
            JobTracing.JobSpan span = tracing.process(job.name(), workerJob.function(), workerJob.handle(),
                    workerJob.attempt(), null, null);
            span.failed(e);
            span.end();
            throw e;
        }
        String traceparent = envelope.metaString(Envelope.TRACEPARENT);
        JobTracing.JobSpan span = tracing.process(job.name(), workerJob.function(), workerJob.handle(),
                workerJob.attempt(), traceparent, envelope.metaString(Envelope.TRACESTATE));
        if (span.parentIgnored()) {
            CdiMessages.traceparentIgnored(job.name(), workerJob.handle(), traceparent);
        }
        try {
            return record(workerJob, envelope);
        } catch (Exception | Error e) {
            span.failed(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private byte[] record(WorkerJob workerJob, Envelope envelope) throws Exception {
        if (recorder == null) {
            Object[] args = job.binder().bind(envelope, new DefaultJobContext(workerJob, job.name(), codec), codec);
            return run(args);
        }
        String key = recorder.key(workerJob, envelope);
        recorder.running(key, workerJob, job.name());
        try {
            Object[] args = job.binder().bind(envelope, new DefaultJobContext(workerJob, job.name(), codec,
                    recorder, key), codec);
            byte[] result = run(args);
            if (!workerJob.isCancelled()) { // past its time limit the job failed, whatever the method returned
                recorder.succeeded(key, workerJob.attempt(), result);
            }
            return result;
        } catch (Exception | Error e) {
            if (retry != null && workerJob.attempt() < workerJob.maxAttempts() && retry.retries(e)
                    && !(e instanceof GearmanPayloadException)) {
                // the worker retries it (a final failure is written by the retry policy's final-failure handler)
                recorder.retrying(key, workerJob.attempt(), e, latestRetry(workerJob.attempt()));
            }
            throw e;
        }
    }

    /**
     * @return when the next attempt starts at the latest: the back-off's ceiling after {@code failures} failures
     *         (the worker draws the real delay below it; on gearmand a retry runs on the next whole second)
     */
    private java.time.Instant latestRetry(int failures) {
        java.time.Duration ceiling = retry.backoff().multipliedBy(1L << Math.min(30, failures - 1));
        if (ceiling.compareTo(retry.maxBackoff()) > 0) {
            ceiling = retry.maxBackoff();
        }
        return java.time.Instant.now().plus(ceiling).plusSeconds(1);
    }

    private byte[] run(Object[] args) throws Exception {
        boolean activated = requestScope.activate();
        try {
            Object result = invoke(args);
            return method.getReturnType() == void.class ? NULL : codec.encodeResult(result);
        } finally {
            if (activated) {
                requestScope.deactivate();
            }
        }
    }

    private Object invoke(Object[] args) throws Exception {
        if (normalScoped) {
            // a normal-scoped bean's contextual reference is a client proxy that resolves the instance of the current
            // context on every call, so one reference serves every job (and its creational context holds nothing)
            Object reference = sharedReference;
            if (reference == null) {
                reference = beanManager.getReference(job.bean(), referenceType,
                        beanManager.createCreationalContext(job.bean()));
                sharedReference = reference;
            }
            return call(reference, args);
        }
        CreationalContext<?> creationalContext = beanManager.createCreationalContext(job.bean());
        try {
            Object reference = beanManager.getReference(job.bean(), referenceType, creationalContext);
            return call(reference, args);
        } finally {
            if (dependent) {
                creationalContext.release();
            }
        }
    }

    private Object call(Object reference, Object[] args) throws Exception {
        try {
            return method.invoke(reference, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "JobInvoker[" + job.name() + " -> " + job.describe() + "]";
    }
}
