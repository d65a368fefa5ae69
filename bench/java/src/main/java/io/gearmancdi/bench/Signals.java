package io.gearmancdi.bench;

import java.util.concurrent.CountDownLatch;

/**
 * SIGTERM/SIGINT as an event instead of a JVM exit: the worker then stops its pool and exits 0 (a plain shutdown hook
 * would exit 143). Uses {@code sun.misc.Signal} (module jdk.unsupported), which is fine for a benchmark harness.
 */
final class Signals {
    private Signals() {
    }

    /** @return a latch counted down by the first SIGTERM or SIGINT */
    static CountDownLatch termination() {
        CountDownLatch latch = new CountDownLatch(1);
        sun.misc.SignalHandler handler = signal -> latch.countDown();
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
        return latch;
    }
}
