package io.gearmancdi.cdi;

import io.gearmancdi.health.HealthReport;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Registers the MicroProfile Health checks ({@link GearmanLivenessCheck}, {@link GearmanReadinessCheck},
 * {@link GearmanStartupCheck}) when the API is visible, and turns a {@link HealthReport} into one
 * {@link HealthCheckResponse}. Only {@link #registerIfAvailable} may be called without the API on the class path: it
 * looks before it touches any class of it.
 */
final class MicroProfileHealth {
    private static final String API = "org.eclipse.microprofile.health.HealthCheck";

    private MicroProfileHealth() {
    }

    /**
     * Adds the three checks as application-scoped beans with their qualifiers ({@link HealthCheckBean}). The classes
     * carry no bean-defining annotation, so bean discovery of the library jar never picks them up by itself.
     */
    static void registerIfAvailable(AfterBeanDiscovery event, Supplier<WorkerManager> workers) {
        if (!available()) {
            return;
        }
        Registrar.register(event, workers);
    }

    static boolean available() {
        return OptionalApi.present(API);
    }

    /** Touches the API's classes; loaded only once {@link #available()} said yes. */
    private static final class Registrar {
        static void register(AfterBeanDiscovery event, Supplier<WorkerManager> workers) {
            event.addBean(new HealthCheckBean(GearmanLivenessCheck.class, Liveness.Literal.INSTANCE,
                    GearmanLivenessCheck::new, workers));
            event.addBean(new HealthCheckBean(GearmanReadinessCheck.class, Readiness.Literal.INSTANCE,
                    GearmanReadinessCheck::new, workers));
            event.addBean(new HealthCheckBean(GearmanStartupCheck.class, Startup.Literal.INSTANCE,
                    GearmanStartupCheck::new, workers));
        }
    }

    /**
     * @param name   the response's name
     * @param report the checks: UP only if all are; each DOWN check's reason becomes a data entry under its name
     */
    static HealthCheckResponse response(String name, HealthReport report) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (HealthReport.Check check : report.checks()) {
            if (check.up()) {
                data.put(check.name(), "UP");
            } else {
                data.put(check.name(), String.valueOf(check.data().get("reason")));
            }
        }
        return new HealthCheckResponse(name, report.up() ? HealthCheckResponse.Status.UP
                : HealthCheckResponse.Status.DOWN, Optional.of(data));
    }
}
