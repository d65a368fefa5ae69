package io.gearmancdi.bench;

import io.gearmancdi.ServerAddress;
import io.gearmancdi.admin.AdminClient;
import io.gearmancdi.admin.FunctionStatus;

import java.time.Duration;

/** Waits until the server's admin {@code status} lists enough workers for a function. */
final class Registration {
    private Registration() {
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
