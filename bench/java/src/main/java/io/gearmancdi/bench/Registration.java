package io.gearmancdi.bench;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.admin.AdminClient;
import io.gearmancdi.admin.FunctionStatus;

import java.time.Duration;

/** Waits until the server's admin {@code status} lists enough workers for a function. */
final class Registration {
    private Registration() {
    }

    /**
     * The worker side of bench/run's handshake: waits (30 s at most) until the server lists the worker's connections,
     * then prints {@code ready}; otherwise says why on stderr.
     *
     * @return whether the workers are registered and {@code ready} was printed
     */
    static boolean announceReady(String program, Options o) throws InterruptedException {
        if (!await(o.host, o.port, o.function, o.connections, Duration.ofSeconds(30))) {
            System.err.println(program + " worker: " + o.connections + " connections not registered for " + o.function
                    + " within 30 s");
            return false;
        }
        System.out.println("ready");
        System.out.flush();
        return true;
    }

    /** @return whether {@code count} workers were registered within {@code timeout} */
    static boolean await(String host, int port, String function, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (AdminClient admin = AdminClient.connect(new ServerAddress(host, port), Duration.ofSeconds(5))) {
            while (System.nanoTime() < deadline) {
                for (FunctionStatus s : admin.status()) {
                    if (s.name().equals(function) && s.workers() >= count) {
                        return true;
                    }
                }
                Thread.sleep(20);
            }
        }
        return false;
    }
}
