package io.gearmancdi.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sizes and results of the chaos experiments (issue 10). Small by default, so that CI runs them in seconds;
 * {@code chaos/run} makes them large with system properties:
 * <ul>
 *   <li>{@code chaos.jobs}: jobs per experiment (each experiment has its own default);</li>
 *   <li>{@code chaos.table}: a file each experiment appends its result row to (besides printing it).</li>
 * </ul>
 */
final class ChaosReport {
    /** The columns of a row. */
    static final String HEADER = String.format("%-28s %10s %10s %6s %11s %10s", "experiment", "submitted", "executed",
            "lost", "duplicated", "in-flight");

    private ChaosReport() {
    }

    /** @return {@code chaos.jobs}, or the experiment's default */
    static int jobs(int defaultJobs) {
        return Integer.getInteger("chaos.jobs", defaultJobs);
    }

    /**
     * Prints one row and appends it to {@code chaos.table} if set.
     *
     * @param inFlight the bound on duplicates: jobs that may have run without their outcome reaching the server
     */
    static void row(String experiment, long submitted, long executed, long lost, long duplicated, long inFlight) {
        String row = String.format("%-28s %10d %10d %6d %11d %10d", experiment, submitted, executed, lost, duplicated,
                inFlight);
        System.out.println("CHAOS " + row);
        String table = System.getProperty("chaos.table");
        if (table != null && !table.isBlank()) {
            try {
                Files.writeString(Path.of(table), row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
