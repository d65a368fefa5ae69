package io.gearmancdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies the proxy of a {@link RegisterGearmanClient} interface, which submits its methods as Gearman jobs:
 * {@code @Inject @GearmanRemote Reports reports;}. Without the qualifier, {@code @Inject Reports} resolves to the
 * application's own implementation, if it has one.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface GearmanRemote {

    /** The qualifier as a value, for programmatic lookup: {@code instance.select(Reports.class, Literal.INSTANCE)}. */
    final class Literal extends AnnotationLiteral<GearmanRemote> implements GearmanRemote {
        /** The one instance. */
        public static final Literal INSTANCE = new Literal();
        private static final long serialVersionUID = 1L;

        private Literal() {
        }
    }
}
