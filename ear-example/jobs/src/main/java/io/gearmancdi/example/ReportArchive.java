package io.gearmancdi.example;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reports this application instance rendered, by the unique id of the job that rendered them. In memory: a
 * stand-in for a database, enough to find the result of a background job.
 */
@ApplicationScoped
public class ReportArchive {
    private static final int MAX_ENTRIES = 1000;

    private final Map<String, Report> reports = new ConcurrentHashMap<>();

    /**
     * Keeps a report (the oldest ones are not evicted in order: this is example code; the archive just stops growing).
     *
     * @param unique the job's unique id
     * @param report the report
     */
    public void put(String unique, Report report) {
        if (unique != null && !unique.isEmpty() && reports.size() < MAX_ENTRIES) {
            reports.put(unique, report);
        }
    }

    /**
     * @param unique the job's unique id
     * @return the report rendered by that job, if this instance rendered it
     */
    public Optional<Report> get(String unique) {
        return Optional.ofNullable(reports.get(unique));
    }
}
