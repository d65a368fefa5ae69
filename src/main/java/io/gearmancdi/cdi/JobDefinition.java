package io.gearmancdi.cdi;

import io.gearmancdi.json.ArgumentBinder;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Bean;

import java.lang.reflect.Method;

/**
 * One {@code @GearmanJob} method found during bean discovery.
 *
 * @param bean   the bean declaring it
 * @param method the annotated method
 * @param name   the logical job name
 * @param binder binds payloads to its parameters
 */
record JobDefinition(Bean<?> bean, AnnotatedMethod<?> method, String name, ArgumentBinder binder) {
    /** @return the Java method */
    public Method javaMethod() {
        return method.getJavaMember();
    }

    /** @return {@code Class#method} for messages */
    public String describe() {
        return JobNames.describe(javaMethod());
    }
}
