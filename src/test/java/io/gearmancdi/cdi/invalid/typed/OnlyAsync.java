package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.RegisterGearmanClient;

import java.util.concurrent.CompletionStage;

@RegisterGearmanClient
public interface OnlyAsync {
    @GearmanJob(name = "only-async")
    CompletionStage<String> run(String x);
}
