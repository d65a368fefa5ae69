package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.RegisterGearmanClient;

@RegisterGearmanClient
public interface NoJobAnnotation {
    @GearmanJob(name = "fine")
    String fine(String input);

    String forgotten(String input);
}
