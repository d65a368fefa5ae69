package io.gearmancdi.cdi.invalid.privatemethod;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PrivateJobs {
    @GearmanJob
    private String secret() {
        return "x";
    }

    public String use() {
        return secret();
    }
}
