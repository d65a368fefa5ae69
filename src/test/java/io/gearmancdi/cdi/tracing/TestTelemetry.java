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
 * SDK with the W3C propagator, exporting every ended span to {@link #EXPORTER} at once.
 */
@ApplicationScoped
public class TestTelemetry {
    public static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
    public static final OpenTelemetrySdk SDK = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(EXPORTER))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    @Produces
    @Singleton
    OpenTelemetry openTelemetry() {
        return SDK;
    }
}
