package io.gearmancdi.example.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * Starts one gearmand for the whole test run, before Arquillian starts the application server (register it first):
 * on the port the build reserved (system property {@code gearmand.port}), which the build also gave the server as
 * {@code GEARMAN_SERVERS}. Stopped when the test run ends.
 */
public final class GearmandExtension implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GearmandExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        gearmand(context);
    }

    private static volatile GearmandProcess current;

    /** @return the run's gearmand (started before the first test class) */
    public static GearmandProcess current() {
        GearmandProcess g = current;
        if (g == null) {
            throw new IllegalStateException("gearmand not started: register GearmandExtension on the test class");
        }
        return g;
    }

    /** @return the run's gearmand, started on first use */
    public static GearmandProcess gearmand(ExtensionContext context) {
        GearmandProcess g = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(GearmandProcess.class, k -> {
            String port = System.getProperty("gearmand.port");
            if (port == null || port.isBlank()) {
                throw new IllegalStateException("system property gearmand.port is not set (the build reserves it)");
            }
            Path dir = Path.of(System.getProperty("gearmand.dir", "target/gearmand"));
            return GearmandProcess.start(Integer.parseInt(port), dir);
        }, GearmandProcess.class);
        current = g;
        return g;
    }
}
