package io.gearmancdi.cdi.typed;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.RegisterGearmanClient;

/** A typed interface whose job is served by a plain job method with its parameters in another order. */
@RegisterGearmanClient
public interface Greeter {
    @GearmanJob(name = "typed-greet")
    String greet(String greeting, String name, int times);

    /** Default name: {@code io.gearmancdi.cdi.typed.Greeter.shout}. */
    @GearmanJob
    String shout(String text);

    /** Object's method declared again: no job, the proxy answers it. */
    @Override
    String toString();
}
