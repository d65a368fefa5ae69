package io.gearmancdi.cdi;

import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * MicroProfile Health {@code @Startup} check of gearman-cdi, named {@code gearman-workers-started}: the workers started (see
 * {@link io.gearmancdi.health.GearmanHealth#startup()}). Added by the extension, application-scoped, only where the
 * MicroProfile Health API is visible.
 */
class GearmanStartupCheck implements HealthCheck {
    /** The check's name in the health response. */
    static final String NAME = "gearman-workers-started";

    @Inject
    WorkerManager workers;

    @Override
    public HealthCheckResponse call() {
        return MicroProfileHealth.response(NAME, workers.health().startup());
    }
}
