package io.gearmancdi.cdi.invalid.ambiguous;

import io.gearmancdi.WorkerExecutorProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Two producers of the worker executor SPI, neither ranked above the other. */
@ApplicationScoped
public class TwoExecutorProviders {
    @Produces
    WorkerExecutorProvider first() {
        return () -> Runnable::run;
    }

    @Produces
    WorkerExecutorProvider second() {
        return () -> Runnable::run;
    }
}
