package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobContext;
import io.gearmancdi.RegisterGearmanClient;
import io.gearmancdi.SubmitOptions;

import java.util.List;

@RegisterGearmanClient
public interface BadParameters {
    @GearmanJob(name = "context")
    String context(JobContext context, String input);

    @GearmanJob(name = "wildcard")
    String wildcard(List<?> items);

    @GearmanJob(name = "two-options")
    String twoOptions(String input, SubmitOptions first, SubmitOptions second);
}
