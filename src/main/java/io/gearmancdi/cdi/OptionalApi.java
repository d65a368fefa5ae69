package io.gearmancdi.cdi;

/**
 * Whether an API the library uses only when the application has it (MicroProfile Health and Metrics, OpenTelemetry,
 * JTA, Jakarta Concurrency, Weld's own API) can be loaded — asked without loading it, so that the classes that touch
 * it are loaded only after a yes.
 */
final class OptionalApi {
    /** The OpenTelemetry API, for traces and metrics. */
    static final String OPENTELEMETRY = "io.opentelemetry.api.OpenTelemetry";

    private OptionalApi() {
    }

    /** @return whether {@code className} is visible to the library */
    static boolean present(String className) {
        try {
            Class.forName(className, false, OptionalApi.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
