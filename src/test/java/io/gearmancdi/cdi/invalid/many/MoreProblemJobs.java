package io.gearmancdi.cdi.invalid.many;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.Dependent;

import java.io.Reader;

@Dependent
public class MoreProblemJobs {
    @GearmanJob(name = "clash")
    public String a() {
        return "a again";
    }

    @GearmanJob
    public Reader open(String path) {
        return null;
    }
}
