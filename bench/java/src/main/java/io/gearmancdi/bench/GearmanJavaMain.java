package io.gearmancdi.bench;

import org.gearman.client.GearmanClientImpl;
import org.gearman.client.GearmanJob;
import org.gearman.client.GearmanJobImpl;
import org.gearman.client.GearmanJobResult;
import org.gearman.client.GearmanJobResultImpl;
import org.gearman.common.GearmanNIOJobServerConnection;
import org.gearman.worker.AbstractGearmanFunction;
import org.gearman.worker.GearmanFunction;
import org.gearman.worker.GearmanFunctionFactory;
import org.gearman.worker.GearmanWorkerImpl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Contender {@code gearman-java}: org.gearman:gearman-java:0.6 (2011) under the contract of bench/README.md. Its client
 * is an {@link java.util.concurrent.ExecutorService} whose futures can only be waited on, so K jobs in flight are K
 * threads each blocked in {@code get()}; every wait is bounded ({@link #JOB_TIMEOUT}) because this library was seen to
 * hang against gearmand 1.1.20 (bench/README.md).
 */
public final class GearmanJavaMain {
    static final String PROGRAM = "GearmanJavaMain";
    /** Longest wait for one job: past it the run fails instead of hanging. */
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(10);

    private GearmanJavaMain() {
    }

    public static void main(String[] args) {
        int status = Options.runClientOrWorker(PROGRAM, args, GearmanJavaMain::worker, GearmanJavaMain::client);
        // gearman-java leaves non-daemon threads behind
        Runtime.getRuntime().halt(status);
    }

    /** Echo: the job's data is the result. */
    static final class Echo extends AbstractGearmanFunction {
        Echo(String name) {
            super(name);
        }

        @Override
        public GearmanJobResult executeFunction() {
            byte[] bytes = (byte[]) data;
            return new GearmanJobResultImpl(jobHandle, true, bytes, new byte[0], new byte[0], 0, 0);
        }
    }

    private static int worker(Options o) throws InterruptedException {
        CountDownLatch terminated = Signals.termination();
        List<GearmanWorkerImpl> workers = new ArrayList<>();
        for (int i = 0; i < o.connections; i++) {
            GearmanWorkerImpl w = new GearmanWorkerImpl();
            w.addServer(new GearmanNIOJobServerConnection(o.host, o.port));
            w.registerFunctionFactory(new GearmanFunctionFactory() {
                @Override
                public String getFunctionName() {
                    return o.function;
                }

                @Override
                public GearmanFunction getFunction() {
                    return new Echo(o.function);
                }
            });
            Thread t = new Thread(w::work, "gearman-java-worker-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(w);
        }
        if (!Registration.announceReady(PROGRAM, o)) {
            return 1;
        }
        terminated.await();
        for (GearmanWorkerImpl w : workers) {
            w.stop();
        }
        return 0;
    }

    private static int client(Options o) {
        GearmanClientImpl client = new GearmanClientImpl();
        // default addJobServer(conn) hangs in setForwardExceptions against gearmand 1.1.20 (bench/README.md)
        if (!client.addJobServer(new GearmanNIOJobServerConnection(o.host, o.port), false)) {
            System.err.println(PROGRAM + " client: cannot connect to " + o.host + ":" + o.port);
            return 1;
        }
        ExecutorService waiters = Executors.newFixedThreadPool(Math.min(o.inflight, 1024), r -> {
            Thread t = new Thread(r, "gearman-java-waiter");
            t.setDaemon(true);
            return t;
        });
        Target target = new Target() {
            @Override
            public CompletableFuture<byte[]> submit(String unique, byte[] payload) {
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        return call(unique, payload);
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, waiters);
            }

            @Override
            public CompletableFuture<?> submitBackground(String unique, byte[] payload) {
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.submit(GearmanJobImpl.createBackgroundJob(o.function, payload, unique))
                                .get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, waiters);
            }

            @Override
            public byte[] call(String unique, byte[] payload) throws Exception {
                GearmanJob job = GearmanJobImpl.createJob(o.function, payload, unique);
                GearmanJobResult result = client.submit(job).get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (!result.jobSucceeded()) {
                    throw new IllegalStateException("job failed");
                }
                return result.getResults();
            }

            @Override
            public boolean isFatal(Throwable failure) {
                return failure instanceof TimeoutException;
            }

            @Override
            public void close() {
                waiters.shutdownNow();
                client.shutdownNow();
            }
        };
        try {
            return new ClientRun(o, target, PROGRAM).run();
        } finally {
            target.close();
        }
    }
}
