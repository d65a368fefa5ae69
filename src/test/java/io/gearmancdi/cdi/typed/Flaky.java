package io.gearmancdi.cdi.typed;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.RegisterGearmanClient;

/** Retry settings given once, for the whole interface (issue 13): the implementing bean serves with them. */
@RegisterGearmanClient
@GearmanJob(retries = 1, backoff = "10ms", maxBackoff = "20ms")
public interface Flaky {
    /** Fails on its first attempt per key: succeeds only with the interface's {@code retries = 1}. */
    @GearmanJob(name = "typed-flaky-once")
    String once(String key);

    /** Fails on its first three attempts per key: succeeds only with its own {@code retries = 3}. */
    @GearmanJob(name = "typed-flaky-thrice", retries = 3)
    String thrice(String key);
}
