package io.gearmancdi.cdi.typed;

import io.gearmancdi.Background;
import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobHandle;
import io.gearmancdi.Priority;
import io.gearmancdi.RegisterGearmanClient;

/** A priority given once for the interface (issue 13); nobody serves these, so the server keeps them queued. */
@RegisterGearmanClient
@GearmanJob(priority = Priority.HIGH)
public interface UrgentUnserved {
    @GearmanJob(name = "typed-urgent-queue")
    @Background
    JobHandle queue(String item);

    @GearmanJob(name = "typed-urgent-later", priority = Priority.LOW)
    @Background
    JobHandle later(String item);
}
