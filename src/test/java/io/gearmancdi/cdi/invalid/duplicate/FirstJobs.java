package io.gearmancdi.cdi.invalid.duplicate;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class FirstJobs {
    @GearmanJob(name = "same-name")
    public String one() {
        return "1";
    }
}
