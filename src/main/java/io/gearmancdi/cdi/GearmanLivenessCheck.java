package io.gearmancdi.cdi;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.util.function.Supplier;

/**
 * MicroProfile Health {@code @Liveness} check of gearman-cdi, named {@code gearman-workers}: no worker connection wedged and no fatal error (see
 * {@link io.gearmancdi.health.GearmanHealth#liveness()}). Added by the extension, application-scoped, only where the
 * MicroProfile Health API is visible.
 */
class GearmanLivenessCheck implements HealthCheck {
    /** The check's name in the health response. */
    static final String NAME = "gearman-workers";

    private final Supplier<WorkerManager> workers;

    GearmanLivenessCheck(Supplier<WorkerManager> workers) {
        this.workers = workers;
    }

    @Override
    public HealthCheckResponse call() {
        return MicroProfileHealth.response(NAME, workers.get().health().liveness());
    }
}
