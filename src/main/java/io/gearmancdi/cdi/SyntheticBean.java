package io.gearmancdi.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.PassivationCapable;

import java.lang.annotation.Annotation;
import java.util.Set;

/**
 * What the extension's beans have in common: application scoped, unnamed, no stereotypes, not alternatives, no
 * injection points (they take what they need from the extension), passivation capable by a stable id. Subclasses say
 * what they are (types, qualifiers, bean class, id) and how an instance is made and destroyed.
 */
abstract class SyntheticBean<T> implements Bean<T>, PassivationCapable {
    @Override
    public final Set<InjectionPoint> getInjectionPoints() {
        return Set.of();
    }

    @Override
    public final Class<? extends Annotation> getScope() {
        return ApplicationScoped.class;
    }

    @Override
    public final String getName() {
        return null;
    }

    @Override
    public final Set<Class<? extends Annotation>> getStereotypes() {
        return Set.of();
    }

    @Override
    public final boolean isAlternative() {
        return false;
    }
}
