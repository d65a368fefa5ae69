package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.RegisterGearmanClient;

/** A name on the interface: it would name every job alike. */
@RegisterGearmanClient
@GearmanJob(name = "every-job")
public interface NamedInterfaceDefaults {
    @GearmanJob(name = "named-defaults-run")
    String run(String input);
}
