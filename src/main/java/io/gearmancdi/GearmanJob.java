package io.gearmancdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of a CDI bean a Gearman job. The class must be a bean (for example {@code @ApplicationScoped} or
 * {@code @Dependent}, in a bean archive); the method must be neither private nor static.
 *
 * <p><b>Name.</b> The logical name defaults to {@code <package>.<SimpleClassName>.<method>}; a class named exactly
 * {@code GearmanJobs} is left out ({@code com.acme.reports.GearmanJobs#render} → {@code com.acme.reports.render}).
 * {@link #name()} overrides it. The name on the wire is {@link JobNameMapper#toInternal(String)} of the logical name.
 *
 * <p><b>Arguments.</b> The payload is the JSON object {@code {"args": [...], "kwargs": {...}}}: {@code args} bind to the
 * parameters in order, {@code kwargs} by parameter name (the class must be compiled with {@code -parameters}), and
 * JSON-B converts each value to the declared parameter type, generics included. A parameter of type
 * {@link JobContext} is not read from the payload. The result is the JSON of the return value ({@code null} for
 * {@code void}).
 *
 * <p>Supported parameter and return types: whatever JSON-B maps (primitives and wrappers, {@code String},
 * {@code BigDecimal}, dates and times, enums, arrays, collections and maps with declared type arguments, records and
 * JavaBeans). Refused at deployment: type variables, wildcards ({@code List<?>}), raw generic types ({@code List}),
 * and resources that have no JSON form (streams, readers, writers, channels, sockets, threads, classes). A parameter
 * declared {@code Object} receives the plain JSON value ({@code Map}, {@code List}, {@code String}, {@code BigDecimal},
 * {@code Boolean} or {@code null}); the payload never names a Java type.
 *
 * <p>The job runs on the bean's contextual reference (interceptors apply) with the request context active.
 *
 * <p><b>Failures.</b> A job that throws is retried up to {@link #retries()} times, with an exponential back-off from
 * {@link #backoff()} (doubling, with jitter, never above {@link #maxBackoff()}); {@link #timeout()} bounds each attempt.
 * A background job's retry is a new delayed background job, a foreground job is retried in place while its caller
 * waits (it sees {@code WORK_WARNING}s "attempt 2 of 3 after &lt;type&gt;: &lt;message&gt;"). A job that fails for good
 * fires one {@link JobFailure} event. MicroProfile Config overrides each value per job
 * ({@code gearman.job."<logical name>".retries}, {@code .backoff}, {@code .max-backoff}, {@code .timeout}); the keys
 * {@code gearman.job.retries} etc. give the values for every job whose annotation leaves them at their defaults.
 * Durations are written {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT1M}); a bad value is a
 * deployment error naming the method.
 *
 * <p><b>On a typed job interface.</b> Put on a {@link RegisterGearmanClient} interface, the annotation gives the
 * defaults of every method that interface declares: {@link #priority()} for its proxy's calls, and {@link #retries()},
 * {@link #backoff()}, {@link #maxBackoff()}, {@link #timeout()}, {@link #retryOn()}, {@link #abortOn()} for a bean
 * that implements it. A method's own value wins wherever it differs from the attribute's default (so a method cannot
 * go back to a default, for example {@code retries = 0}, below an interface that sets another). A type-level
 * {@link #name()} is a deployment error (a name belongs to one job), and so is this annotation on any other type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface GearmanJob {
    /** @return the logical job name; empty (the default) for {@code <package>.<SimpleClassName>.<method>} */
    String name() default "";

    /** @return how often a failed job is tried again, 0 or more; default 0 (a failure is final) */
    int retries() default 0;

    /** @return the first back-off between attempts; default {@code 1s} */
    String backoff() default "1s";

    /** @return the longest back-off between attempts; default {@code 10m} */
    String maxBackoff() default "10m";

    /**
     * @return the time limit of one attempt, enforced by the worker; default {@code ""}: none. An attempt over it is
     *         abandoned (its thread interrupted, {@link JobContext#isCancelled()} true) and fails with the remote type
     *         {@code io.gearmancdi.GearmanTimeoutException}, retried like any failure
     */
    String timeout() default "";

    /**
     * @return the failures that are retried (a failure of one of these types or a subtype); default: every failure.
     *         {@link GearmanPayloadException}, a bad payload, is never retried
     */
    Class<? extends Throwable>[] retryOn() default {};

    /** @return the failures that are never retried (a type or a subtype), even if {@link #retryOn()} names them */
    Class<? extends Throwable>[] abortOn() default {};

    /**
     * @return the priority a {@link RegisterGearmanClient} interface method submits its job with (default
     *         {@link Priority#NORMAL}); a {@link SubmitOptions} argument with another priority overrides it. Not used
     *         by {@code GearmanClient}'s string-named calls, whose options say it.
     */
    Priority priority() default Priority.NORMAL;
}
