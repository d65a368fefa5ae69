package io.gearmancdi.cdi.invalid.many;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobContext;
import jakarta.enterprise.context.Dependent;


/** Several problems in several beans: all must be reported by one deployment failure. */
@Dependent
public class ManyProblemJobs {
    @GearmanJob(name = "clash")
    public String a() {
        return "a";
    }

    @GearmanJob
    static String b() {
        return "b";
    }

    @GearmanJob
    public void c(JobContext x, JobContext y) {
    }

    @GearmanJob(name = "  ")
    public void blank() {
    }
}
