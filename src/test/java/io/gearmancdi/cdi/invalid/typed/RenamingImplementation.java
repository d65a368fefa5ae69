package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RenamingImplementation implements Contract {
    @Override
    @GearmanJob(name = "other-name")
    public String run(String input) {
        return input;
    }
}
