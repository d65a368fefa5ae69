package io.gearmancdi.cdi.typed;

import io.gearmancdi.GearmanRemote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Injects {@link Greeter}'s proxy; the test does not list Greeter among the bean classes. */
@ApplicationScoped
public class GreeterCaller {
    @Inject
    @GearmanRemote
    Greeter greeter;

    public String greetOnce(String greeting, String name) {
        return greeter.greet(greeting, name, 1);
    }
}
