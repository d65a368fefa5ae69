package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.RegisterGearmanClient;

@RegisterGearmanClient
public interface Contract {
    @GearmanJob(name = "contract-job")
    String run(String input);
}
