package io.gearmancdi.cdi.tracing;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.RegisterGearmanClient;

/** A typed job interface over {@link TracedJobs#work}. */
@RegisterGearmanClient
public interface TracedApi {
    @GearmanJob(name = "traced-work")
    String work(String what);
}
