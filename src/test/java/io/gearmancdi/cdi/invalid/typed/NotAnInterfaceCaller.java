package io.gearmancdi.cdi.invalid.typed;

import io.gearmancdi.GearmanRemote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class NotAnInterfaceCaller {
    @Inject
    @GearmanRemote
    Runnable task;
}
