package io.gearmancdi.cdi;

import io.gearmancdi.tracing.JobTracing;
import io.gearmancdi.tracing.OpenTelemetryTracing;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Finds the application's tracing: an {@link OpenTelemetry} bean (MicroProfile Telemetry provides one in WildFly and
 * Payara; under Weld SE the application may produce one) when the API is visible, else {@link JobTracing#OFF}. Only
 * {@link #lookup} may be called without the API on the class path: it looks before it touches any class of it, as
 * {@link MicroProfileHealth} does.
 */
final class Tracing {
    private Tracing() {
    }

    /** @return tracing through the application's {@code OpenTelemetry} bean, or {@link JobTracing#OFF} */
    static JobTracing lookup(BeanManager beanManager) {
        if (!available()) {
            return JobTracing.OFF;
        }
        return Lookup.find(beanManager);
    }

    static boolean available() {
        return OptionalApi.present(OptionalApi.OPENTELEMETRY);
    }

    /** Touches the API's classes; loaded only once {@link #available()} said yes. */
    private static final class Lookup {
        static JobTracing find(BeanManager beanManager) {
            Instance<OpenTelemetry> beans = beanManager.createInstance().select(OpenTelemetry.class);
            if (!beans.isResolvable()) {
                return JobTracing.OFF;
            }
            try {
                return OpenTelemetryTracing.of(beans.get());
            } catch (RuntimeException | LinkageError e) {
                // a broken telemetry set-up must not take the client or the workers down with it
                CdiMessages.tracingUnavailable(e);
                return JobTracing.OFF;
            }
        }
    }
}
