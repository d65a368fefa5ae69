package io.gearmancdi.cdi;

import io.gearmancdi.json.Envelope;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.worker.JobFunction;
import io.gearmancdi.worker.WorkerJob;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Instance;
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
 * JSON. A failure is thrown to the worker, which reports it as {@code WORK_EXCEPTION}; the exception a job throws is
 * rethrown as is (unwrapped from reflection).
 */
final class JobInvoker implements JobFunction {
    private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);

    private final BeanManager beanManager;
    private final JobDefinition job;
    private final PayloadCodec codec;
    private final Method method;
    private final Type referenceType;
    private final boolean dependent;

    JobInvoker(BeanManager beanManager, JobDefinition job, PayloadCodec codec) {
        this.beanManager = beanManager;
        this.job = job;
        this.codec = codec;
        this.method = job.javaMethod();
        Bean<?> bean = job.bean();
        this.referenceType = bean.getTypes().contains(bean.getBeanClass()) ? bean.getBeanClass() : Object.class;
        this.dependent = bean.getScope() == Dependent.class;
        if (!Modifier.isPublic(method.getModifiers()) || !Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
            // package-private or protected methods, or public ones of non-public classes; the call still goes
            // through the proxy, because Method.invoke dispatches virtually
            method.setAccessible(true);
        }
    }

    @Override
    public byte[] run(WorkerJob workerJob) throws Exception {
        Envelope envelope = codec.decodeRequest(workerJob.payload());
        Object[] args = job.binder().bind(envelope, new DefaultJobContext(workerJob, job.name(), codec), codec);
        Instance<RequestContextController> controllers = beanManager.createInstance()
                .select(RequestContextController.class);
        RequestContextController requestContext = controllers.get();
        boolean activated = requestContext.activate();
        try {
            Object result = invoke(args);
            return method.getReturnType() == void.class ? NULL : codec.encodeValue(result);
        } finally {
            if (activated) {
                requestContext.deactivate();
            }
            controllers.destroy(requestContext);
        }
    }

    private Object invoke(Object[] args) throws Exception {
        CreationalContext<?> creationalContext = beanManager.createCreationalContext(job.bean());
        try {
            Object reference = beanManager.getReference(job.bean(), referenceType, creationalContext);
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
        } finally {
            if (dependent) {
                creationalContext.release();
            }
        }
    }

    @Override
    public String toString() {
        return "JobInvoker[" + job.name() + " -> " + job.describe() + "]";
    }
}
