package io.gearmancdi.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@link CdiApp} a test class runs against: {@link CdiAppExtension} starts it from these values and resolves
 * parameters of type {@link CdiApp} to it (constructor, {@code @BeforeAll}, {@code @BeforeEach}, tests).
 *
 * <pre>{@code
 * @ExtendWith(GearmandExtension.class)      // only needed to have the Gearmand itself as a parameter too
 * @WithCdiApp(beans = {GearmanJobs.class}, settings = {"gearman.job-name.prefix=e2e", "gearman.worker.count=2"})
 * class SomeTest {
 *     SomeTest(CdiApp app, Gearmand gearmand) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(CdiAppExtension.class)
public @interface WithCdiApp {
    /** @return the application's bean classes */
    Class<?>[] beans() default {};

    /** @return its configuration, as {@code key=value} pairs (split at the first {@code =}) */
    String[] settings() default {};

    /**
     * @return whether {@code gearman.servers} is set to the address of the test class's gearmand
     *         ({@link GearmandExtension#gearmand}, started for it); {@code false} for an app that needs no job
     *         server or names its own
     */
    boolean gearmand() default true;

    /** @return whether each test gets an app of its own (stopped after its {@code @AfterEach}), not one per class */
    boolean perTest() default false;
}
