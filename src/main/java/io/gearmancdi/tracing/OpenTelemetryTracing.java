package io.gearmancdi.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link JobTracing} over an {@link OpenTelemetry} instance (the container's, through MicroProfile Telemetry, or the
 * application's). Spans follow the OpenTelemetry messaging semantic conventions:
 * <ul>
 *   <li>PRODUCER {@code publish <function>} per submission, from the submission until the client has the outcome
 *   (the result of a foreground job, the handle of a background one);</li>
 *   <li>CONSUMER {@code process <function>} around the job on the worker, a child of the context the producer sent.</li>
 * </ul>
 * Attributes: {@code messaging.system=gearman}, {@code messaging.destination.name} (the function),
 * {@code messaging.operation} ({@code publish}/{@code process}) and its newer form {@code messaging.operation.type}
 * ({@code send}/{@code process}), {@code messaging.message.id} (the handle, when known), and
 * {@code messaging.gearman.job} (the logical name), {@code messaging.gearman.background} (producer),
 * {@code messaging.gearman.attempt} (consumer). A failure sets status ERROR, {@code error.type} and an exception event.
 *
 * <p>The context travels as W3C {@code traceparent}/{@code tracestate}, written and read by the instance's own
 * propagator when it handles those fields (MicroProfile Telemetry's default), else by the W3C one; other fields a
 * propagator writes (baggage) are not carried.
 */
public final class OpenTelemetryTracing implements JobTracing {
    static final String SCOPE = "io.gearmancdi";
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> JOB = AttributeKey.stringKey("messaging.gearman.job");
    static final AttributeKey<Boolean> BACKGROUND = AttributeKey.booleanKey("messaging.gearman.background");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("messaging.gearman.attempt");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    private static final TextMapSetter<Map<String, String>> SETTER = (carrier, key, value) -> {
        if (carrier != null && (TRACEPARENT.equals(key) || TRACESTATE.equals(key))) {
            carrier.put(key, value);
        }
    };
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    private OpenTelemetryTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        TextMapPropagator own = openTelemetry.getPropagators().getTextMapPropagator();
        this.propagator = own.fields().contains(TRACEPARENT) ? own : W3CTraceContextPropagator.getInstance();
    }

    /** @return tracing through this instance */
    public static JobTracing of(OpenTelemetry openTelemetry) {
        return new OpenTelemetryTracing(openTelemetry);
    }

    @Override
    public SubmitSpan submit(String logicalName, String function, boolean background) {
        Context parent = Context.current();
        Span span = tracer.spanBuilder("publish " + function).setSpanKind(SpanKind.PRODUCER).setParent(parent)
                .setAttribute(SYSTEM, "gearman")
                .setAttribute(DESTINATION, function)
                .setAttribute(OPERATION, "publish")
                .setAttribute(OPERATION_TYPE, "send")
                .setAttribute(JOB, logicalName)
                .setAttribute(BACKGROUND, background)
                .startSpan();
        Map<String, String> meta = new LinkedHashMap<>(4);
        propagator.inject(parent.with(span), meta, SETTER);
        return new Producer(span, Map.copyOf(meta));
    }

    @Override
    public JobSpan process(String logicalName, String function, String handle, int attempt, String traceparent,
                           String tracestate) {
        Context parent = Context.root();
        boolean ignored = false;
        if (traceparent != null) {
            Map<String, String> carrier = tracestate == null ? Map.of(TRACEPARENT, traceparent)
                    : Map.of(TRACEPARENT, traceparent, TRACESTATE, tracestate);
            Context extracted = propagator.extract(Context.root(), carrier, GETTER);
            if (Span.fromContext(extracted).getSpanContext().isValid()) {
                parent = extracted;
            } else {
                ignored = true;
            }
        }
        Span span = tracer.spanBuilder("process " + function).setSpanKind(SpanKind.CONSUMER).setParent(parent)
                .setAttribute(SYSTEM, "gearman")
                .setAttribute(DESTINATION, function)
                .setAttribute(OPERATION, "process")
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(MESSAGE_ID, handle)
                .setAttribute(JOB, logicalName)
                .setAttribute(ATTEMPT, (long) attempt)
                .startSpan();
        return new Consumer(span, parent.with(span).makeCurrent(), ignored);
    }

    @Override
    public String toString() {
        return "OpenTelemetryTracing[" + propagator + "]";
    }

    static void fail(Span span, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        span.setStatus(StatusCode.ERROR, cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage());
        span.setAttribute(ERROR_TYPE, cause.getClass().getName());
        span.recordException(cause);
    }

    private static final class Producer implements SubmitSpan {
        private final Span span;
        private final Map<String, String> meta;
        private final AtomicBoolean ended = new AtomicBoolean();

        Producer(Span span, Map<String, String> meta) {
            this.span = span;
            this.meta = meta;
        }

        @Override
        public Map<String, String> meta() {
            return meta;
        }

        @Override
        public void handle(String handle) {
            if (handle != null && !ended.get()) {
                span.setAttribute(MESSAGE_ID, handle);
            }
        }

        @Override
        public void end(Throwable failure) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            if (failure != null) {
                fail(span, failure);
            }
            span.end();
        }
    }

    private static final class Consumer implements JobSpan {
        private final Span span;
        private final Scope scope;
        private final boolean parentIgnored;

        Consumer(Span span, Scope scope, boolean parentIgnored) {
            this.span = span;
            this.scope = scope;
            this.parentIgnored = parentIgnored;
        }

        @Override
        public boolean parentIgnored() {
            return parentIgnored;
        }

        @Override
        public void failed(Throwable failure) {
            fail(span, failure);
        }

        @Override
        public void end() {
            try {
                scope.close();
            } finally {
                span.end();
            }
        }
    }
}
