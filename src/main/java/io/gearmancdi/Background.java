package io.gearmancdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link RegisterGearmanClient} interface that queues its job in the background: it returns the
 * {@link JobHandle} as soon as the server has the job (as {@link GearmanClient#submitBackground(JobRequest)}); the
 * result is not delivered anywhere. The method must return {@code JobHandle}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Background {
}
