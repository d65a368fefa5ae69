package io.gearmancdi.cdi.invalid.retries;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.Dependent;

/** Issue 12: bad failure settings, each a definition error naming its method. */
@Dependent
public class BadRetryJobs {
    @GearmanJob(retries = -1)
    public void negative() {
    }

    @GearmanJob(backoff = "soon")
    public void unparsableBackoff() {
    }

    @GearmanJob(timeout = "forever")
    public void unparsableTimeout() {
    }

    @GearmanJob(backoff = "2s", maxBackoff = "1s")
    public void shorterMax() {
    }

    @GearmanJob(retryOn = IllegalStateException.class, abortOn = {IllegalStateException.class})
    public void both() {
    }
}
