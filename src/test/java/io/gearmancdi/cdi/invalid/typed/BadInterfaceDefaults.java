package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.RegisterGearmanClient;

/** Interface defaults that are bad alone (negative retries) or once a method's own value joins them. */
@RegisterGearmanClient
@GearmanJob(retries = -1, backoff = "1m")
public interface BadInterfaceDefaults {
    @GearmanJob(name = "bad-defaults-run", maxBackoff = "5s")
    String run(String input);
}
