package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanJobException;
import io.gearmancdi.GearmanRemote;
import io.gearmancdi.JobHandle;
import io.gearmancdi.JobRequest;
import io.gearmancdi.cdi.tracing.TestTelemetry;
import io.gearmancdi.cdi.tracing.TracedApi;
import io.gearmancdi.cdi.tracing.TracedJobs;
import io.gearmancdi.testing.CdiApp;
import io.gearmancdi.testing.GearmanCli;
import io.gearmancdi.testing.Gearmand;
import io.gearmancdi.testing.GearmandExtension;
import io.gearmancdi.testing.WithCdiApp;
import io.gearmancdi.testing.LogCapture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14, traces: under Weld SE with the application's OpenTelemetry SDK bean ({@link TestTelemetry}) and a real
 * gearmand, one trace runs from a SERVER span (standing in for a REST request) through the client's PRODUCER span to
 * the job's CONSUMER span and the span the job starts itself; a {@code traceparent} the C CLI sends is continued, a
 * malformed one ignored.
 */
@ExtendWith(GearmandExtension.class)
@WithCdiApp(beans = {TestTelemetry.class, TracedJobs.class, TracedApi.class}, settings = {
        "gearman.job-name.prefix=" + TracingTest.PREFIX, "gearman.worker.count=2", "gearman.worker.poll-interval=200ms"})
class TracingTest {
    static final String PREFIX = "trc";
    private static final String WORK = PREFIX + ".traced-work";
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> JOB = AttributeKey.stringKey("messaging.gearman.job");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("messaging.gearman.attempt");

    private final Gearmand gearmand;
    private final CdiApp app;
    private final GearmanClient client;
    private final TestTelemetry telemetry;

    TracingTest(Gearmand gearmand, CdiApp app) {
        this.gearmand = gearmand;
        this.app = app;
        this.client = app.get(GearmanClient.class);
        this.telemetry = app.get(TestTelemetry.class);
    }

    @BeforeEach
    void forgetSpans() {
        telemetry.exporter().reset();
    }

    @Test
    @DisplayName("issue 14 traces: SERVER -> PRODUCER -> CONSUMER -> the job's own span, one trace, conventions")
    void oneTraceFromTheRequestThroughClientAndJobIssue14Traces() throws Exception {
        Span request = serverSpan();
        String jobTraceId;
        try (Scope ignored = request.makeCurrent()) {
            jobTraceId = client.call("traced-work", String.class, "ok");
        } finally {
            request.end();
        }
        String traceId = request.getSpanContext().getTraceId();
        assertThat(jobTraceId).as("the trace current in the job").isEqualTo(traceId);

        SpanData producer = awaitSpan(s -> s.getKind() == SpanKind.PRODUCER);
        SpanData consumer = awaitSpan(s -> s.getKind() == SpanKind.CONSUMER);
        SpanData own = awaitSpan(s -> s.getName().equals(TracedJobs.OWN_SPAN));
        assertThat(List.of(producer, consumer, own)).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));
        assertThat(producer.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
        assertThat(own.getParentSpanId()).isEqualTo(consumer.getSpanId());

        assertThat(producer.getName()).isEqualTo("publish " + WORK);
        assertThat(producer.getAttributes().get(SYSTEM)).isEqualTo("gearman");
        assertThat(producer.getAttributes().get(DESTINATION)).isEqualTo(WORK);
        assertThat(producer.getAttributes().get(OPERATION)).isEqualTo("publish");
        assertThat(producer.getAttributes().get(JOB)).isEqualTo("traced-work");
        assertThat(producer.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(consumer.getName()).isEqualTo("process " + WORK);
        assertThat(consumer.getAttributes().get(SYSTEM)).isEqualTo("gearman");
        assertThat(consumer.getAttributes().get(DESTINATION)).isEqualTo(WORK);
        assertThat(consumer.getAttributes().get(OPERATION)).isEqualTo("process");
        assertThat(consumer.getAttributes().get(MESSAGE_ID)).startsWith("H:");
        assertThat(producer.getAttributes().get(MESSAGE_ID)).as("the foreground job's handle, from JOB_CREATED")
                .isEqualTo(consumer.getAttributes().get(MESSAGE_ID));
        assertThat(consumer.getAttributes().get(ATTEMPT)).isEqualTo(1L);
        assertThat(consumer.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    @DisplayName("issue 14 traces: a failed job sets ERROR and an exception event on the CONSUMER and PRODUCER spans")
    void failedJobIsRecordedOnBothSpansIssue14Traces() throws Exception {
        Span request = serverSpan();
        try (Scope ignored = request.makeCurrent()) {
            assertThatThrownBy(() -> client.call("traced-work", String.class, "fail"))
                    .isInstanceOf(GearmanJobException.class);
        } finally {
            request.end();
        }
        SpanData producer = awaitSpan(s -> s.getKind() == SpanKind.PRODUCER);
        SpanData consumer = awaitSpan(s -> s.getKind() == SpanKind.CONSUMER);
        assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
        assertThat(consumer.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(consumer.getEvents()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("exception");
            assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.type")))
                    .isEqualTo(IllegalStateException.class.getName());
        });
        assertThat(producer.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(producer.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
        // the client learns the handle from the failure
        assertThat(producer.getAttributes().get(MESSAGE_ID)).isEqualTo(consumer.getAttributes().get(MESSAGE_ID));
    }

    @Test
    @DisplayName("issue 14 traces: callAsync, submitBackground, a batch and a typed proxy each get a PRODUCER span")
    void everyKindOfSubmissionIsTracedIssue14Traces() throws Exception {
        Span request = serverSpan();
        JobHandle handle;
        try (Scope ignored = request.makeCurrent()) {
            CompletionStage<String> async = client.callAsync(JobRequest.of("traced-work").arg("async"), String.class);
            handle = client.submitBackground("traced-work", "background");
            List<CompletionStage<String>> batch = client.callAllAsync(List.of(JobRequest.of("traced-work").arg("b1"),
                    JobRequest.of("traced-work").arg("b2")), String.class);
            TracedApi api = app.container().select(TracedApi.class, GearmanRemote.Literal.INSTANCE).get();
            assertThat(api.work("typed")).isEqualTo(request.getSpanContext().getTraceId());
            assertThat(async.toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .isEqualTo(request.getSpanContext().getTraceId());
            for (CompletionStage<String> each : batch) {
                assertThat(each.toCompletableFuture().get(30, TimeUnit.SECONDS))
                        .isEqualTo(request.getSpanContext().getTraceId());
            }
        } finally {
            request.end();
        }
        String traceId = request.getSpanContext().getTraceId();
        List<SpanData> producers = awaitSpans(s -> s.getKind() == SpanKind.PRODUCER, 5);
        List<SpanData> consumers = awaitSpans(s -> s.getKind() == SpanKind.CONSUMER, 5);
        assertThat(producers).allSatisfy(p -> {
            assertThat(p.getTraceId()).isEqualTo(traceId);
            assertThat(p.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        });
        assertThat(consumers).allSatisfy(c -> assertThat(producers).extracting(SpanData::getSpanId)
                .contains(c.getParentSpanId()));
        SpanData background = producers.stream()
                .filter(p -> Boolean.TRUE.equals(p.getAttributes().get(AttributeKey.booleanKey(
                        "messaging.gearman.background")))).findFirst().orElseThrow();
        assertThat(background.getAttributes().get(MESSAGE_ID)).isEqualTo(handle.handle());
        assertThat(consumers).anySatisfy(c -> {
            assertThat(c.getParentSpanId()).isEqualTo(background.getSpanId());
            assertThat(c.getAttributes().get(MESSAGE_ID)).isEqualTo(handle.handle());
        });
    }

    @Test
    @DisplayName("issue 14 traces: a background retry (meta.attempt 2) keeps the trace of its first attempt")
    void backgroundRetryKeepsTheTraceIssue14Traces() throws Exception {
        Span request = serverSpan();
        try (Scope ignored = request.makeCurrent()) {
            client.submitBackground("traced-flaky", "retry-key");
        } finally {
            request.end();
        }
        SpanData producer = awaitSpan(s -> s.getKind() == SpanKind.PRODUCER);
        List<SpanData> attempts = awaitSpans(s -> s.getKind() == SpanKind.CONSUMER, 2);
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
            assertThat(a.getParentSpanId()).isEqualTo(producer.getSpanId());
        });
        assertThat(attempts).extracting(a -> a.getAttributes().get(ATTEMPT)).containsExactlyInAnyOrder(1L, 2L);
        assertThat(attempts).filteredOn(a -> a.getAttributes().get(ATTEMPT) == 1L).singleElement()
                .satisfies(a -> assertThat(a.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
    }

    @Test
    @DisplayName("issue 14 traces: a traceparent in a plain JSON envelope sent with the C gearman CLI is continued")
    void traceparentFromTheCCliIsContinuedIssue14Traces() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parentId = "00f067aa0ba902b7";
        GearmanCli.Result result = GearmanCli.run(gearmand.address(), 60, "-f", WORK,
                "{\"args\":[\"cli\"],\"meta\":{\"traceparent\":\"00-" + traceId + "-" + parentId
                        + "-01\",\"tracestate\":\"vendor=abc\"}}");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().trim()).isEqualTo("\"" + traceId + "\"");
        SpanData consumer = awaitSpan(s -> s.getKind() == SpanKind.CONSUMER);
        assertThat(consumer.getTraceId()).isEqualTo(traceId);
        assertThat(consumer.getParentSpanId()).isEqualTo(parentId);
        assertThat(consumer.getParentSpanContext().isRemote()).isTrue();
        assertThat(consumer.getSpanContext().getTraceState().get("vendor")).isEqualTo("abc");
    }

    @Test
    @DisplayName("issue 14 traces: a malformed traceparent is ignored with a DEBUG line (GEARMAN-7022); the job runs")
    void malformedTraceparentIsIgnoredIssue14Traces() throws Exception {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.gearmancdi.cdi.JobInvoker");
        Level before = logger.getLevel();
        logger.setLevel(Level.FINE); // DEBUG; the tests' logging configuration shows INFO and above
        try (LogCapture log = LogCapture.of("io.gearmancdi.cdi.JobInvoker")) {
            GearmanCli.Result result = GearmanCli.run(gearmand.address(), 60, "-f", WORK,
                    "{\"args\":[\"cli\"],\"meta\":{\"traceparent\":\"00-not-a-trace-01\"}}");
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            SpanData consumer = awaitSpan(s -> s.getKind() == SpanKind.CONSUMER);
            assertThat(result.stdout().trim()).isEqualTo("\"" + consumer.getTraceId() + "\"");
            assertThat(consumer.getParentSpanContext().isValid()).as("a new trace").isFalse();
            assertThat(log.await(Level.FINE, "GEARMAN-7022: job 'traced-work'", 10_000)).isTrue();
            assertThat(log.matching(Level.FINE, "meta.traceparent \"00-not-a-trace-01\" is not a W3C traceparent"))
                    .hasSize(1);

            // not even a string: the same
            result = GearmanCli.run(gearmand.address(), 60, "-f", WORK, "{\"args\":[\"cli\"],\"meta\":{\"traceparent\":7}}");
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(log.await(Level.FINE, "meta.traceparent \"7\"", 10_000)).isTrue();
        } finally {
            logger.setLevel(before);
        }
    }

    private Span serverSpan() {
        return telemetry.sdk().getTracer("test-rest").spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER)
                .startSpan();
    }

    private SpanData awaitSpan(Predicate<SpanData> which) {
        return awaitSpans(which, 1).get(0);
    }

    /** Waits (bounded) until exactly {@code count} exported spans match; spans are exported as they end. */
    private List<SpanData> awaitSpans(Predicate<SpanData> which, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<SpanData> found;
        do {
            found = telemetry.exporter().getFinishedSpanItems().stream().filter(which).toList();
            if (found.size() >= count) {
                assertThat(found).hasSize(count);
                return found;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + count + " spans, got " + found + " of "
                + telemetry.exporter().getFinishedSpanItems());
    }
}
