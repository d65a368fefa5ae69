package io.gearmancdi.cdi.invalid.twocontexts;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobContext;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TwoContextJobs {
    @GearmanJob
    public String twice(JobContext first, String text, JobContext second) {
        return text;
    }
}
