package io.gearmancdi.cdi.typed;

import io.gearmancdi.GearmanRemote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Injects {@link Greeter}'s proxy; the test does not list Greeter among the bean classes. */
@ApplicationScoped
public class GreeterCaller {
    @Inject
    @GearmanRemote
    Greeter greeter;

    @Inject
    @GearmanRemote
    Instance<Unserved> unserved;

    /** @return the proxy of an interface known from an {@code Instance} injection point */
    public Unserved unserved() {
        return unserved.get();
    }

    public String greetOnce(String greeting, String name) {
        return greeter.greet(greeting, name, 1);
    }
}
