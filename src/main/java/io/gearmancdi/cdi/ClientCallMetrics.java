package io.gearmancdi.cdi;

import io.gearmancdi.GearmanJobFailedException;
import io.gearmancdi.GearmanTimeoutException;
import io.gearmancdi.metrics.GearmanMetrics;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Feeds {@code gearman_client_calls_total{job,outcome}} and {@code gearman_client_call_duration_seconds{job}} around
 * the application client's calls. Outcomes: {@code completed}, {@code failed} (the job failed on the worker),
 * {@code timed_out}, {@code error} (connection, payload, anything else), and {@code submitted} for a background job
 * the server queued. A disabled instance ({@code gearman.metrics.enabled=false}) only calls through.
 */
final class ClientCallMetrics {
    static final String COMPLETED = "completed";
    static final String SUBMITTED = "submitted";

    private final GearmanMetrics metrics;

    /** @param metrics where to count, or {@code null} to count nothing */
    ClientCallMetrics(GearmanMetrics metrics) {
        this.metrics = metrics;
    }

    <T> T timed(String job, String success, Supplier<T> call) {
        if (metrics == null) {
            return call.get();
        }
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = success;
            return result;
        } catch (RuntimeException | Error e) {
            outcome = outcome(e);
            throw e;
        } finally {
            metrics.clientCallEnded(job, outcome, System.nanoTime() - start);
        }
    }

    <T> CompletionStage<T> timedAsync(String job, Supplier<CompletionStage<T>> call) {
        if (metrics == null) {
            return call.get();
        }
        long start = System.nanoTime();
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException | Error e) {
            metrics.clientCallEnded(job, outcome(e), System.nanoTime() - start);
            throw e;
        }
        return stage.whenComplete((result, failure) -> metrics.clientCallEnded(job,
                failure == null ? COMPLETED : outcome(failure), System.nanoTime() - start));
    }

    private static String outcome(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof GearmanTimeoutException) {
            return "timed_out";
        }
        if (cause instanceof GearmanJobFailedException) {
            return "failed";
        }
        return "error";
    }
}
