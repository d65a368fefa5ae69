/**
 * Adapters that publish {@link io.gearmancdi.metrics.GearmanMetrics} through other metrics APIs: OpenTelemetry
 * ({@link io.gearmancdi.metrics.internal.OpenTelemetryMetrics}). Internal: no compatibility promise. The OpenTelemetry
 * API is an optional dependency; only code that found it on the class path may load these classes.
 */
package io.gearmancdi.metrics.internal;
