package io.gearmancdi.cdi.typed;

import io.gearmancdi.Background;
import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobHandle;
import io.gearmancdi.Priority;
import io.gearmancdi.RegisterGearmanClient;
import io.gearmancdi.SubmitOptions;

/** Jobs nobody serves: what reaches the server stays queued there, for the admin protocol to see. */
@RegisterGearmanClient
public interface Unserved {
    @GearmanJob(name = "typed-unserved-measure")
    String measure(String label, double ratio);

    @GearmanJob(name = "typed-unserved-inspect")
    String inspect(Sample sample);

    @GearmanJob(name = "typed-unserved-queue", priority = Priority.HIGH)
    @Background
    JobHandle queue(String item);

    @GearmanJob(name = "typed-unserved-queue", priority = Priority.HIGH)
    @Background
    JobHandle queue(String item, SubmitOptions options);

    /** An argument whose JSON form depends on its value. */
    record Sample(String label, double value) {
    }
}
