package io.gearmancdi.cdi.invalid.duplicate;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SecondJobs {
    @GearmanJob(name = "same-name")
    public String two() {
        return "2";
    }
}
