package io.gearmancdi.bench;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.GearmanConnectionException;
import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobNameMapper;
import io.gearmancdi.JobRequest;
import io.gearmancdi.SubmitOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Contender {@code cdi-jsonb}: the convenience layer. The worker is Weld SE running the {@link EchoJobs#echo}
 * {@code @GearmanJob} (a {@code String} in, the same {@code String} out, JSON-B on both ends); the client calls it
 * through the injected {@link GearmanClient} ({@code callAsync} with a {@link JobRequest}). The payload is a string of
 * {@code --payload} characters (gmbench's bytes), sent as the {@code {"args":["..."]}} envelope, so the wire carries
 * 12 more bytes per job than the raw contenders. Same flags and RESULT line as gmbench.
 */
public final class CdiMain {
    static final String PROGRAM = "CdiMain";
    /** The job's logical name; {@link BenchNames} maps it to {@code --function}. */
    static final String JOB = "bench-echo";

    private CdiMain() {
    }

    /** The job. */
    @ApplicationScoped
    public static class EchoJobs {
        @GearmanJob(name = JOB)
        public String echo(String text) {
            return text;
        }
    }

    /** Maps the job to the function name bench/run chose for the scenario. */
    @ApplicationScoped
    public static class BenchNames implements JobNameMapper {
        @Override
        public String toInternal(String logicalName) {
            return JOB.equals(logicalName) ? System.getProperty("bench.function") : logicalName;
        }
    }

    /** Where the client is injected. */
    @ApplicationScoped
    public static class Caller {
        @Inject
        GearmanClient gearman;

        /** @return the injected client (through a method: fields of a client proxy are not the bean's) */
        public GearmanClient client() {
            return gearman;
        }
    }

    public static void main(String[] args) {
        int status = Options.runClientOrWorker(PROGRAM, args, CdiMain::worker, CdiMain::client);
        System.exit(status);
    }

    private static void configure(Options o, boolean worker) {
        // MicroProfile Config reads system properties (SmallRye's default sources)
        System.setProperty("bench.function", o.function);
        System.setProperty("gearman.servers", o.host + ":" + o.port);
        System.setProperty("gearman.worker.enabled", Boolean.toString(worker));
        System.setProperty("gearman.worker.count", Integer.toString(o.connections));
        System.setProperty("gearman.worker.shutdown-timeout", "5s");
        System.setProperty("gearman.client.timeout", "60s");
    }

    private static int worker(Options o) throws InterruptedException {
        CountDownLatch terminated = Signals.termination();
        configure(o, true);
        try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
            if (!Registration.announceReady(PROGRAM, o)) {
                return 1;
            }
            terminated.await();
        }
        return 0;
    }

    private static int client(Options o) {
        configure(o, false);
        try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
            GearmanClient gearman = container.select(Caller.class).get().client();
            byte[] payload = o.payloadBytes();
            String text = new String(payload, StandardCharsets.UTF_8);
            Target target = new Target() {
                @Override
                public CompletableFuture<byte[]> submit(String unique, byte[] ignored) {
                    return gearman.callAsync(request(unique), String.class).toCompletableFuture()
                            .thenApply(this::bytes);
                }

                @Override
                public CompletableFuture<?> submitBackground(String unique, byte[] ignored) {
                    return gearman.submitBackgroundAsync(request(unique)).toCompletableFuture();
                }

                @Override
                public byte[] call(String unique, byte[] ignored) {
                    return bytes(gearman.call(request(unique), String.class));
                }

                private JobRequest request(String unique) {
                    return JobRequest.of(JOB).arg(text).options(SubmitOptions.builder().unique(unique).build());
                }

                /** The string as bytes, without encoding it again when it is the expected one. */
                private byte[] bytes(String s) {
                    return text.equals(s) ? payload : s == null ? null : s.getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public boolean isFatal(Throwable failure) {
                    return failure instanceof GearmanConnectionException;
                }

                @Override
                public void close() {
                    // the container closes the client
                }
            };
            return new ClientRun(o, target, PROGRAM).run();
        }
    }
}
