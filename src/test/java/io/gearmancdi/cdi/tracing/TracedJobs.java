package io.gearmancdi.cdi.tracing;

import io.gearmancdi.GearmanJob;
import io.opentelemetry.api.trace.Span;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Jobs that start a span of their own (as a JDBC or REST client would) and answer with the current trace id. */
@ApplicationScoped
public class TracedJobs {
    /** Span name of the span the job starts itself. */
    public static final String OWN_SPAN = "job-own-work";
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    @Inject
    TestTelemetry telemetry;

    /** @return the trace id current in the job; {@code "fail"} makes it throw */
    @GearmanJob(name = "traced-work")
    public String work(String what) {
        Span own = telemetry.sdk().getTracer("test-job").spanBuilder(OWN_SPAN).startSpan();
        try {
            if ("fail".equals(what)) {
                throw new IllegalStateException("job fails on purpose");
            }
            return Span.current().getSpanContext().getTraceId();
        } finally {
            own.end();
        }
    }

    /** Fails its first attempt per key, then answers with the trace id. */
    @GearmanJob(name = "traced-flaky", retries = 1, backoff = "100ms")
    public String flaky(String key) {
        if (attempts.merge(key, 1, Integer::sum) == 1) {
            throw new IllegalStateException("first attempt of " + key + " fails on purpose");
        }
        return Span.current().getSpanContext().getTraceId();
    }
}
