package io.gearmancdi.cdi.invalid.badconfig;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class FineJobs {
    @GearmanJob(name = "fine")
    public String fine() {
        return "fine";
    }
}
