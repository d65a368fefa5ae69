/**
 * Traces of jobs (OpenTelemetry, W3C trace context) for the CDI layer: a PRODUCER span per submission whose context
 * travels in the payload's {@code meta} ({@code traceparent}, {@code tracestate}), and a CONSUMER span around the job
 * that continues it. {@link io.gearmancdi.tracing.JobTracing} and its spans name no OpenTelemetry type, so that the
 * library runs without the API; only {@link io.gearmancdi.tracing.OpenTelemetryTracing} uses it, and it is loaded only
 * once the API is known to be there. <b>Internal:</b> not part of the API; may change in any release.
 *
 * <p>No class here depends on Jakarta or MicroProfile APIs, nor logs: the CDI layer reports what needs reporting.
 */
package io.gearmancdi.tracing;
