package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.Background;
import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobHandle;
import io.gearmancdi.RegisterGearmanClient;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

@RegisterGearmanClient
public interface BadReturnTypes {
    @GearmanJob(name = "stream")
    InputStream stream(String name);

    @GearmanJob(name = "future")
    CompletableFuture<String> future(String name);

    @GearmanJob(name = "handle")
    JobHandle handle(String name);

    @GearmanJob(name = "later")
    @Background
    String later(String name);

    @SuppressWarnings("rawtypes")
    @GearmanJob(name = "raw")
    CompletionStage raw(String name);

    @GearmanJob(name = "wild")
    List<?> wild(String name);
}
