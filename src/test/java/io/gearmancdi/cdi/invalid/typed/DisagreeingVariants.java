package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.Background;
import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobHandle;
import io.gearmancdi.RegisterGearmanClient;

import java.util.concurrent.CompletionStage;

@RegisterGearmanClient
public interface DisagreeingVariants {
    @GearmanJob(name = "v")
    String a(String x);

    @GearmanJob(name = "v")
    CompletionStage<Integer> b(String x);

    @GearmanJob(name = "w")
    String c(String x);

    @GearmanJob(name = "w")
    @Background
    JobHandle d(String y);
}
