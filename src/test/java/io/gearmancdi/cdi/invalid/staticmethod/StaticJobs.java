package io.gearmancdi.cdi.invalid.staticmethod;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class StaticJobs {
    @GearmanJob
    public static String shared() {
        return "x";
    }
}
