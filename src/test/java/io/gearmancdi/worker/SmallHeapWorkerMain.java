package io.gearmancdi.worker;

import java.nio.charset.StandardCharsets;

/**
 * A plain worker for a child JVM with a small heap (issue 10 item 4): serves {@code sized}, which answers the payload's
 * length, against the server given as the only argument, and exits with status 70 when the worker meets an error it
 * cannot survive. Prints {@code ready} once started.
 */
public final class SmallHeapWorkerMain {
    private SmallHeapWorkerMain() {
    }

    /** @param args {@code host:port} */
    public static void main(String[] args) throws InterruptedException {
        GearmanWorker worker = GearmanWorker.create(WorkerOptions.builder().servers(args[0])
                .onFatalError(error -> {
                    System.out.println("fatal: " + error);
                    System.exit(70);
                }).build());
        worker.register("sized", job -> Integer.toString(job.payload().length).getBytes(StandardCharsets.UTF_8));
        worker.start();
        System.out.println("ready");
        Thread.currentThread().join(); // until killed
    }
}
