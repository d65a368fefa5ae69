package io.gearmancdi.cdi;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.util.function.Supplier;

/**
 * MicroProfile Health {@code @Startup} check of gearman-cdi, named {@code gearman-workers-started}: the workers started (see
 * {@link io.gearmancdi.health.GearmanHealth#startup()}). Added by the extension, application-scoped, only where the
 * MicroProfile Health API is visible.
 */
class GearmanStartupCheck implements HealthCheck {
    /** The check's name in the health response. */
    static final String NAME = "gearman-workers-started";

    private final Supplier<WorkerManager> workers;

    GearmanStartupCheck(Supplier<WorkerManager> workers) {
        this.workers = workers;
    }

    @Override
    public HealthCheckResponse call() {
        return MicroProfileHealth.response(NAME, workers.get().health().startup());
    }
}
