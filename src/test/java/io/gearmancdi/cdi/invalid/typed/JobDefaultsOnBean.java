package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

/** Type-level {@code @GearmanJob} on a bean class: only a typed job interface takes one. */
@ApplicationScoped
@GearmanJob(retries = 2)
public class JobDefaultsOnBean {
    @GearmanJob(name = "defaults-on-bean-run")
    public String run(String input) {
        return input;
    }
}
