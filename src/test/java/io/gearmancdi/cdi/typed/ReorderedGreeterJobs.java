package io.gearmancdi.cdi.typed;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

/** Serves {@link Greeter}'s job without implementing it, its parameters in another order (as another language may). */
@ApplicationScoped
public class ReorderedGreeterJobs {
    @GearmanJob(name = "typed-greet")
    public String greet(int times, String name, String greeting) {
        return (greeting + ", " + name + "! ").repeat(times).trim();
    }

    @GearmanJob(name = "io.gearmancdi.cdi.typed.Greeter.shout")
    public String shout(String text) {
        return text.toUpperCase(java.util.Locale.ROOT) + "!";
    }
}
