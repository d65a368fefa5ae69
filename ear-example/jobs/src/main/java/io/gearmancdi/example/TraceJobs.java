package io.gearmancdi.example;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tracing (issue 14): a job that answers with the trace id current while it runs. With MicroProfile Telemetry on, the
 * library runs each job inside a span that continues the caller's trace, so a REST request that calls this job gets
 * its own trace id back. Only the method body uses the OpenTelemetry API, so the class loads without it (under Weld
 * SE in the standalone module); there, nobody calls this job.
 */
@ApplicationScoped
public class TraceJobs {
    /** The job's name. */
    public static final String TRACE_ID = "example-trace-id";

    /** @return the trace id of the span current in the job (32 zeros when nothing traces it) */
    @GearmanJob(name = TRACE_ID)
    public String traceId() {
        return io.opentelemetry.api.trace.Span.current().getSpanContext().getTraceId();
    }
}
