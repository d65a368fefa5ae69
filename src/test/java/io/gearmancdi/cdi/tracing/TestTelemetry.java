package io.gearmancdi.cdi.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The application's {@link OpenTelemetry} bean under Weld SE, as MicroProfile Telemetry provides one in a server: the
 * SDK with the W3C propagator, exporting every ended span to {@link #exporter()} at once. Each application has its
 * own, so tests read the spans of their own application.
 */
@ApplicationScoped
public class TestTelemetry {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    /** @return the exporter every ended span goes to */
    public InMemorySpanExporter exporter() {
        return exporter;
    }

    /** @return the SDK, for spans the test or a job starts itself */
    public OpenTelemetrySdk sdk() {
        return sdk;
    }

    @Produces
    @Singleton
    OpenTelemetry openTelemetry() {
        return sdk;
    }
}
