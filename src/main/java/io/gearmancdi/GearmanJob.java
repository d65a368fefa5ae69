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
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface GearmanJob {
    /** @return the logical job name; empty (the default) for {@code <package>.<SimpleClassName>.<method>} */
    String name() default "";

    /**
     * @return the priority a {@link RegisterGearmanClient} interface method submits its job with (default
     *         {@link Priority#NORMAL}); a {@link SubmitOptions} argument with another priority overrides it. Not used
     *         by {@code GearmanClient}'s string-named calls, whose options say it.
     */
    Priority priority() default Priority.NORMAL;
}
