package io.gearmancdi.bench;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.JobRequest;
import io.gearmancdi.json.Envelope;
import io.gearmancdi.json.PayloadCodec;
import io.gearmancdi.tracing.JobTracing;
import io.gearmancdi.tracing.OpenTelemetryTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cost of tracing on the job path (issue 14): client and workers of the {@code cdi-jsonb} contender in one JVM
 * against one job server, foreground jobs ({@code callAsync}, 100 characters, {@code --inflight} in flight), run in
 * alternating phases without and with an OpenTelemetry bean (the SDK, every span sampled, batched to an exporter that
 * drops them: all of the library's work, none of a collector's). Each phase is a fresh Weld SE container; it prints
 * {@code TRACING phase=N tracing=off|on jobs_per_s=…} per phase and a last line
 * {@code TRACING off_jobs_per_s=… on_jobs_per_s=… cost_pct=…} (medians over the phases). {@code --modes off} runs
 * the "off" phases only, e.g. to compare the library without tracing against an older build of it on the class path.
 *
 * With {@code --hooks N} it times only the tracing work of N jobs in a loop, without a server ({@link #hooks}).
 *
 * <pre>
 * java -cp "$(cat bench/java/target/classpath.txt)" io.gearmancdi.bench.TracingMain --port N [--host H]
 *      [--seconds 5] [--warmup 5] [--rounds 3] [--inflight 16] [--connections 4] [--modes off,on]
 * java -cp "$(cat bench/java/target/classpath.txt)" io.gearmancdi.bench.TracingMain --hooks 1000000 [--rounds 5]
 * </pre>
 */
public final class TracingMain {
    private TracingMain() {
    }

    /**
     * The application's OpenTelemetry bean of the "on" phases. Deliberately without a bean-defining annotation: the
     * bench's bean archive is discovered in "annotated" mode, so only containers that add this class (the "on"
     * phases) trace; with {@code @ApplicationScoped} every {@link CdiMain} contender would trace every job too.
     */
    public static class Telemetry {
        static final LongAdder EXPORTED = new LongAdder();
        private static final SpanExporter DROP = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                EXPORTED.add(spans.size());
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        static final OpenTelemetrySdk SDK = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(BatchSpanProcessor.builder(DROP).build()).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();

        @Produces
        @Singleton
        OpenTelemetry openTelemetry() {
            return SDK;
        }
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = -1;
        double seconds = 5;
        double warmup = 5;
        int rounds = 3;
        int inflight = 16;
        int connections = 4;
        List<Boolean> modes = List.of(false, true);
        long hooks = 0;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--host" -> host = args[++k];
                case "--port" -> port = Integer.parseInt(args[++k]);
                case "--seconds" -> seconds = Double.parseDouble(args[++k]);
                case "--warmup" -> warmup = Double.parseDouble(args[++k]);
                case "--rounds" -> rounds = Integer.parseInt(args[++k]);
                case "--inflight" -> inflight = Integer.parseInt(args[++k]);
                case "--connections" -> connections = Integer.parseInt(args[++k]);
                case "--hooks" -> hooks = Long.parseLong(args[++k]);
                case "--modes" -> modes = java.util.Arrays.stream(args[++k].split(","))
                        .map(m -> switch (m) {
                            case "on" -> true;
                            case "off" -> false;
                            default -> throw new IllegalArgumentException("--modes takes off,on: " + m);
                        }).toList();
                default -> {
                    System.err.println("usage: TracingMain --port N [--host H] [--seconds S] [--warmup S] "
                            + "[--rounds N] [--inflight K] [--connections C] [--modes off,on] | --hooks N [--rounds R]");
                    System.exit(2);
                }
            }
        }
        if (hooks > 0) {
            hooks(hooks, rounds);
            System.exit(0);
        }
        if (port < 0) {
            System.err.println("TracingMain: --port of a running job server is required");
            System.exit(2);
        }
        System.setProperty("bench.function", "bench_tracing");
        System.setProperty("gearman.servers", host + ":" + port);
        System.setProperty("gearman.worker.count", Integer.toString(connections));
        System.setProperty("gearman.worker.shutdown-timeout", "5s");
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        int phase = 0;
        for (int round = 0; round < rounds; round++) {
            for (boolean tracing : modes) {
                double rate = phase(tracing, seconds, warmup, inflight);
                (tracing ? on : off).add(rate);
                System.out.printf(Locale.ROOT, "TRACING phase=%d tracing=%s jobs_per_s=%.0f%n", ++phase,
                        tracing ? "on" : "off", rate);
            }
        }
        double offMedian = off.isEmpty() ? Double.NaN : median(off);
        double onMedian = on.isEmpty() ? Double.NaN : median(on);
        System.out.printf(Locale.ROOT, "TRACING off_jobs_per_s=%.0f on_jobs_per_s=%.0f cost_pct=%.1f spans=%d%n",
                offMedian, onMedian, 100 * (offMedian - onMedian) / offMedian, Telemetry.EXPORTED.sum());
        System.exit(0);
    }

    /** @return jobs/s in the measure window of one fresh container */
    private static double phase(boolean tracing, double seconds, double warmup, int inflight) throws Exception {
        // without discovery, Weld SE loads no portable extension by itself: name them
        SeContainerInitializer init = SeContainerInitializer.newInstance().disableDiscovery()
                .addExtensions(new io.gearmancdi.cdi.GearmanExtension(),
                        new io.smallrye.config.inject.ConfigExtension())
                .addBeanClasses(CdiMain.EchoJobs.class, CdiMain.BenchNames.class);
        if (tracing) {
            init.addBeanClasses(Telemetry.class);
        }
        try (SeContainer container = init.initialize()) {
            GearmanClient client = container.select(GearmanClient.class).get();
            String text = "x".repeat(100);
            Semaphore permits = new Semaphore(inflight);
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long start = System.nanoTime();
            long measureFrom = start + (long) (warmup * 1e9);
            long end = measureFrom + (long) (seconds * 1e9);
            long doneAtWindow = -1;
            while (true) {
                long now = System.nanoTime();
                if (doneAtWindow < 0 && now >= measureFrom) {
                    doneAtWindow = done.get();
                }
                if (now >= end) {
                    break;
                }
                if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                client.callAsync(JobRequest.of(CdiMain.JOB).arg(text), String.class).whenComplete((r, f) -> {
                    if (f != null) {
                        failed.incrementAndGet();
                    }
                    done.incrementAndGet();
                    permits.release();
                });
            }
            long jobs = done.get() - doneAtWindow;
            permits.acquire(inflight); // drain before the container goes
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " jobs failed");
            }
            return jobs / seconds;
        }
    }

    /**
     * The tracing work of one job on its own, no server and no threads: what the client and the worker add per job
     * ({@code JobTracing.submit} with the context injected, the request encoded with its {@code meta}, decoded again,
     * {@code meta.traceparent} read, {@code JobTracing.process} with the context extracted and made current, both
     * spans ended into the SDK's batch processor), against the same steps with {@link JobTracing#OFF} and against the
     * encoding and decoding alone ({@code none}: no tracing call at all). Prints
     * {@code TRACING hooks tracing=none|off|on ns_per_job=…} (median of the rounds) and the differences.
     */
    private static void hooks(long jobs, int rounds) {
        JobTracing on = OpenTelemetryTracing.of(Telemetry.SDK);
        List<Double> noneNs = new ArrayList<>();
        List<Double> offNs = new ArrayList<>();
        List<Double> onNs = new ArrayList<>();
        try (PayloadCodec codec = new PayloadCodec()) {
            List<Object> args = List.of("x".repeat(100));
            for (int round = 0; round < rounds + 2; round++) { // two warmup rounds
                double none = plainLoop(codec, args, jobs);
                double off = hookLoop(JobTracing.OFF, codec, args, jobs);
                double with = hookLoop(on, codec, args, jobs);
                if (round >= 2) {
                    noneNs.add(none);
                    offNs.add(off);
                    onNs.add(with);
                }
            }
        }
        double none = median(noneNs);
        double off = median(offNs);
        double with = median(onNs);
        System.out.printf(Locale.ROOT, "TRACING hooks tracing=none ns_per_job=%.0f%n", none);
        System.out.printf(Locale.ROOT, "TRACING hooks tracing=off ns_per_job=%.0f%n", off);
        System.out.printf(Locale.ROOT, "TRACING hooks tracing=on ns_per_job=%.0f%n", with);
        System.out.printf(Locale.ROOT, "TRACING hooks off_cost_ns_per_job=%.0f on_cost_ns_per_job=%.0f rounds=%d "
                + "jobs=%d%n", off - none, with - off, rounds, jobs);
    }

    /** The same encoding and decoding without any tracing call: the library before tracing. */
    private static double plainLoop(PayloadCodec codec, List<Object> args, long jobs) {
        long sink = 0;
        long start = System.nanoTime();
        for (long i = 0; i < jobs; i++) {
            byte[] payload = codec.encodeRequest(args, java.util.Map.of());
            sink += codec.decodeRequest(payload).args().size();
        }
        long elapsed = System.nanoTime() - start;
        if (sink != jobs) {
            throw new IllegalStateException("lost arguments");
        }
        return (double) elapsed / jobs;
    }

    private static double hookLoop(JobTracing tracing, PayloadCodec codec, List<Object> args, long jobs) {
        long sink = 0;
        long start = System.nanoTime();
        for (long i = 0; i < jobs; i++) {
            JobTracing.SubmitSpan producer = tracing.submit("bench-echo", "bench_tracing", false);
            byte[] payload = codec.encodeRequest(args, java.util.Map.of(), producer.meta());
            Envelope envelope = codec.decodeRequest(payload);
            JobTracing.JobSpan consumer = tracing.process("bench-echo", "bench_tracing", "H:bench:1", 1,
                    envelope.metaString(Envelope.TRACEPARENT), envelope.metaString(Envelope.TRACESTATE));
            sink += envelope.args().size();
            consumer.end();
            producer.end(null);
        }
        long elapsed = System.nanoTime() - start;
        if (sink != jobs) {
            throw new IllegalStateException("lost arguments");
        }
        return (double) elapsed / jobs;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
