package io.gearmancdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies the application's {@code jakarta.json.bind.Jsonb} that gearman-cdi uses for job payloads: the client,
 * the workers and the {@link GearmanRemote} proxies then read and write arguments and results with its adapters,
 * serializers and naming strategy. Without such a bean the library uses a default {@code Jsonb} of its own.
 * <pre>{@code
 * @Produces @ApplicationScoped @GearmanJson
 * Jsonb gearmanJsonb() {
 *     return JsonbBuilder.create(new JsonbConfig().withAdapters(new MoneyAdapter()));
 * }
 * }</pre>
 * Both ends of a job must agree on the JSON form, so a worker application and its callers configure the same
 * {@code Jsonb}. Strings, numbers and booleans at the top level of an argument or result keep their standard JSON
 * form and are read exactly whatever the bean says; numbers nested in beans and records are read as the application's
 * {@code Jsonb} reads them. Two such beans are a deployment error. The bean stays the application's: gearman-cdi
 * never closes it.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface GearmanJson {

    /** The qualifier as a value, for programmatic lookup. */
    final class Literal extends AnnotationLiteral<GearmanJson> implements GearmanJson {
        /** The one instance. */
        public static final Literal INSTANCE = new Literal();
        private static final long serialVersionUID = 1L;

        private Literal() {
        }
    }
}
