package io.gearmancdi.bench;

import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.ServerAddress;
import io.gearmancdi.SubmitOptions;
import io.gearmancdi.client.ClientOptions;
import io.gearmancdi.client.JobClient;
import io.gearmancdi.worker.GearmanWorker;
import io.gearmancdi.worker.WorkerOptions;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Contender {@code gearman-cdi}: the plain-Java {@link JobClient} and {@link GearmanWorker} under the contract of
 * bench/README.md ({@code worker} and {@code client} commands, same flags and RESULT line as gmbench), plus
 * {@code memory}: client and worker in one JVM, heap used after GC at {@code --first-mark} jobs and at {@code --jobs}.
 */
public final class BenchMain {
    static final String PROGRAM = "BenchMain";

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length < 1) {
            Options.usage(System.err, PROGRAM);
            return 2;
        }
        String command = args[0];
        if (command.equals("--help") || command.equals("-h")) {
            Options.usage(System.out, PROGRAM);
            return 0;
        }
        if (!command.equals("client") && !command.equals("worker") && !command.equals("memory")) {
            System.err.println(PROGRAM + ": first argument must be 'client', 'worker' or 'memory'");
            Options.usage(System.err, PROGRAM);
            return 2;
        }
        Options o;
        try {
            o = Options.parse(command, args, 1);
        } catch (Options.UsageException e) {
            if (e.getMessage() == null) {
                Options.usage(System.out, PROGRAM);
                return 0;
            }
            System.err.println(PROGRAM + ": " + e.getMessage());
            Options.usage(System.err, PROGRAM);
            return 2;
        }
        try {
            return switch (command) {
                case "worker" -> worker(o);
                case "client" -> client(o);
                default -> memory(o);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println(PROGRAM + " " + command + ": interrupted");
            return 1;
        } catch (RuntimeException e) {
            System.err.println(PROGRAM + " " + command + ": " + ClientRun.describe(e));
            return 1;
        }
    }

    static GearmanWorker startWorker(Options o) {
        GearmanWorker worker = GearmanWorker.create(WorkerOptions.builder()
                .servers(List.of(new ServerAddress(o.host, o.port)))
                .connectionsPerServer(o.connections)
                .shutdownTimeout(Duration.ofSeconds(5))
                .build());
        worker.register(o.function, job -> job.payload()); // echo: the payload array itself, no copy
        worker.start();
        return worker;
    }

    private static int worker(Options o) throws InterruptedException {
        CountDownLatch terminated = Signals.termination();
        GearmanWorker worker = startWorker(o);
        if (!Registration.announceReady(PROGRAM, o)) {
            worker.shutdown(Duration.ofSeconds(1));
            return 1;
        }
        terminated.await();
        worker.shutdown(Duration.ofSeconds(5));
        return 0;
    }

    static JobClient client(String host, int port) {
        ClientOptions.Builder options = ClientOptions.builder()
                .servers(List.of(new ServerAddress(host, port)))
                .timeout(Duration.ofSeconds(60));
        if (Boolean.getBoolean("bench.complete-on-reader")) {
            options.completionExecutor(Runnable::run); // contender gearman-cdi-reader: no completion hand-off
        }
        return JobClient.create(options.build());
    }

    private static int client(Options o) {
        try (JobClientTarget target = new JobClientTarget(client(o.host, o.port), o.function)) {
            return new ClientRun(o, target, PROGRAM).run();
        }
    }

    /** {@link JobClient} as a benchmark {@link Target}. */
    static final class JobClientTarget implements Target {
        private final JobClient client;
        private final String function;

        JobClientTarget(JobClient client, String function) {
            this.client = client;
            this.function = function;
        }

        @Override
        public CompletableFuture<byte[]> submit(String unique, byte[] payload) {
            return client.submit(function, payload, options(unique));
        }

        @Override
        public CompletableFuture<?> submitBackground(String unique, byte[] payload) {
            return client.submitBackground(function, payload, options(unique));
        }

        @Override
        public byte[] call(String unique, byte[] payload) {
            return client.call(function, payload, options(unique));
        }

        private static SubmitOptions options(String unique) {
            return SubmitOptions.builder().unique(unique).build();
        }

        @Override
        public boolean isFatal(Throwable failure) {
            return failure instanceof GearmanConnectionException;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    // ---- memory -------------------------------------------------------------------------------------------------

    private static int memory(Options o) throws InterruptedException {
        GearmanWorker worker = startWorker(o);
        try (JobClient client = client(o.host, o.port)) {
            if (!Registration.await(o.host, o.port, o.function, o.connections, Duration.ofSeconds(30))) {
                System.err.println(PROGRAM + " memory: workers not registered within 30 s");
                return 1;
            }
            byte[] payload = o.payloadBytes();
            String prefix = "mem-" + Long.toHexString(ProcessHandle.current().pid()) + "-";
            AtomicLong seq = new AtomicLong();
            AtomicLong bad = new AtomicLong();
            long t0 = System.nanoTime();
            runJobs(client, o, payload, prefix, seq, bad, o.firstMark);
            double first = usedHeapAfterGc();
            long t1 = System.nanoTime();
            runJobs(client, o, payload, prefix, seq, bad, o.jobs - o.firstMark);
            long t2 = System.nanoTime();
            double last = usedHeapAfterGc();
            System.out.printf(Locale.ROOT, "MEMORY jobs_first=%d heap_first_mb=%.1f jobs=%d heap_mb=%.1f "
                            + "growth_mb=%.1f jobs_per_s=%.1f errors=%d%n", o.firstMark, first, o.jobs, last,
                    last - first, (o.jobs - o.firstMark) / ((t2 - t1) / 1e9), bad.get());
            System.out.flush();
            return bad.get() == 0 ? 0 : 1;
        } finally {
            worker.shutdown(Duration.ofSeconds(5));
        }
    }

    /** Runs {@code count} echo jobs with {@code o.inflight} in flight and waits for all of them. */
    private static void runJobs(JobClient client, Options o, byte[] payload, String prefix, AtomicLong seq,
                                AtomicLong bad, long count) throws InterruptedException {
        Semaphore slots = new Semaphore(o.inflight);
        for (long i = 0; i < count; i++) {
            if (!slots.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no job completed within 60 s");
            }
            client.submit(o.function, payload, SubmitOptions.builder()
                            .unique(prefix + Long.toHexString(seq.getAndIncrement())).build())
                    .whenComplete((r, e) -> {
                        if (e != null || !Arrays.equals(r, payload)) {
                            bad.incrementAndGet();
                        }
                        slots.release();
                    });
        }
        if (!slots.tryAcquire(o.inflight, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("jobs still in flight after 60 s");
        }
    }

    /** Used heap in MB after a few full collections. */
    static double usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }
}
