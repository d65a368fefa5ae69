package io.gearmancdi.cdi;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.util.function.Supplier;

/**
 * MicroProfile Health {@code @Readiness} check of gearman-cdi, named {@code gearman-servers}: every job server reachable and every served job registered on it (see
 * {@link io.gearmancdi.health.GearmanHealth#readiness()}). Added by the extension, application-scoped, only where the
 * MicroProfile Health API is visible.
 */
class GearmanReadinessCheck implements HealthCheck {
    /** The check's name in the health response. */
    static final String NAME = "gearman-servers";

    private final Supplier<WorkerManager> workers;

    GearmanReadinessCheck(Supplier<WorkerManager> workers) {
        this.workers = workers;
    }

    @Override
    public HealthCheckResponse call() {
        return MicroProfileHealth.response(NAME, workers.get().health().readiness());
    }
}
