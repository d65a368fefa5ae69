package io.gearmancdi.cdi;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.AnnotatedType;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bean's implementation of a typed job interface's method, seen with the interface's {@code @GearmanJob}: Java does
 * not inherit method annotations, and whoever reads the job's settings from {@link JobDefinition#method()} must find
 * the contract's, so that caller and worker share one.
 */
final class InterfaceJobMethod<X> implements AnnotatedMethod<X> {
    private final AnnotatedMethod<X> implementation;
    private final GearmanJob contract;

    @SuppressWarnings("unchecked")
    InterfaceJobMethod(AnnotatedMethod<? super X> implementation, GearmanJob contract) {
        this.implementation = (AnnotatedMethod<X>) implementation;
        this.contract = contract;
    }

    @Override
    public Method getJavaMember() {
        return implementation.getJavaMember();
    }

    @Override
    public List<AnnotatedParameter<X>> getParameters() {
        return implementation.getParameters();
    }

    @Override
    public boolean isStatic() {
        return implementation.isStatic();
    }

    @Override
    public AnnotatedType<X> getDeclaringType() {
        return implementation.getDeclaringType();
    }

    @Override
    public Type getBaseType() {
        return implementation.getBaseType();
    }

    @Override
    public Set<Type> getTypeClosure() {
        return implementation.getTypeClosure();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Annotation> T getAnnotation(Class<T> annotationType) {
        return annotationType == GearmanJob.class ? (T) contract : implementation.getAnnotation(annotationType);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Annotation> Set<T> getAnnotations(Class<T> annotationType) {
        return annotationType == GearmanJob.class ? Set.of((T) contract) : implementation.getAnnotations(annotationType);
    }

    @Override
    public Set<Annotation> getAnnotations() {
        Set<Annotation> all = new HashSet<>(implementation.getAnnotations());
        all.removeIf(a -> a.annotationType() == GearmanJob.class);
        all.add(contract);
        return all;
    }

    @Override
    public boolean isAnnotationPresent(Class<? extends Annotation> annotationType) {
        return annotationType == GearmanJob.class || implementation.isAnnotationPresent(annotationType);
    }

    @Override
    public String toString() {
        return contract + " " + implementation;
    }
}
