package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.GearmanJob;

/** Type-level {@code @GearmanJob} on an interface without {@code @RegisterGearmanClient}. */
@GearmanJob(retries = 2)
public interface JobDefaultsOnPlainInterface {
    String run(String input);
}
