package io.gearmancdi.cdi;

import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * MicroProfile Health {@code @Readiness} check of gearman-cdi, named {@code gearman-servers}: every job server reachable and every served job registered on it (see
 * {@link io.gearmancdi.health.GearmanHealth#readiness()}). Added by the extension, application-scoped, only where the
 * MicroProfile Health API is visible.
 */
class GearmanReadinessCheck implements HealthCheck {
    /** The check's name in the health response. */
    static final String NAME = "gearman-servers";

    @Inject
    WorkerManager workers;

    @Override
    public HealthCheckResponse call() {
        return MicroProfileHealth.response(NAME, workers.health().readiness());
    }
}
