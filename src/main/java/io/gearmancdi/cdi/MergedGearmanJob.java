package io.gearmancdi.cdi;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.Priority;
import jakarta.enterprise.util.AnnotationLiteral;

import java.lang.reflect.Method;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings of a typed job interface's method: its own {@code @GearmanJob}, with the interface's type-level
 * {@code @GearmanJob} filling in every attribute the method leaves at its default. Proxies (priority) and implementing
 * beans (retries, back-off, timeout) read the same instance, so caller and worker keep sharing one contract.
 */
final class MergedGearmanJob extends AnnotationLiteral<GearmanJob> implements GearmanJob {
    private static final long serialVersionUID = 1L;
    /** Every attribute at its default, read from the annotation itself so the defaults are written once. */
    private static final GearmanJob DEFAULTS = defaultsHolder();

    private final String name;
    private final int retries;
    private final String backoff;
    private final String maxBackoff;
    private final String timeout;
    private final Class<? extends Throwable>[] retryOn;
    private final Class<? extends Throwable>[] abortOn;
    private final Priority priority;

    private MergedGearmanJob(GearmanJob own, GearmanJob interfaceDefaults) {
        this.name = own.name();
        this.retries = pick(own, interfaceDefaults, GearmanJob::retries);
        this.backoff = pick(own, interfaceDefaults, GearmanJob::backoff);
        this.maxBackoff = pick(own, interfaceDefaults, GearmanJob::maxBackoff);
        this.timeout = pick(own, interfaceDefaults, GearmanJob::timeout);
        this.retryOn = pick(own, interfaceDefaults, GearmanJob::retryOn).clone();
        this.abortOn = pick(own, interfaceDefaults, GearmanJob::abortOn).clone();
        this.priority = pick(own, interfaceDefaults, GearmanJob::priority);
    }

    /**
     * @param interfaceMethod a method of a {@code @RegisterGearmanClient} interface
     * @return its settings merged with its declaring interface's {@code @GearmanJob}; the method's own annotation when
     *         the interface has none; {@code null} when the method has none
     */
    static GearmanJob of(Method interfaceMethod) {
        GearmanJob own = interfaceMethod.getAnnotation(GearmanJob.class);
        GearmanJob interfaceDefaults = interfaceMethod.getDeclaringClass().getAnnotation(GearmanJob.class);
        return own == null || interfaceDefaults == null ? own : new MergedGearmanJob(own, interfaceDefaults);
    }

    private static <T> T pick(GearmanJob own, GearmanJob interfaceDefaults, Function<GearmanJob, T> attribute) {
        T value = attribute.apply(own);
        return Objects.deepEquals(value, attribute.apply(DEFAULTS)) ? attribute.apply(interfaceDefaults) : value;
    }

    @GearmanJob
    private static void defaults() {
        // only carries the annotation with every attribute at its default
    }

    private static GearmanJob defaultsHolder() {
        try {
            return MergedGearmanJob.class.getDeclaredMethod("defaults").getAnnotation(GearmanJob.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int retries() {
        return retries;
    }

    @Override
    public String backoff() {
        return backoff;
    }

    @Override
    public String maxBackoff() {
        return maxBackoff;
    }

    @Override
    public String timeout() {
        return timeout;
    }

    @Override
    public Class<? extends Throwable>[] retryOn() {
        return retryOn.clone();
    }

    @Override
    public Class<? extends Throwable>[] abortOn() {
        return abortOn.clone();
    }

    @Override
    public Priority priority() {
        return priority;
    }
}
