package io.gearmancdi.example;

import io.gearmancdi.JobFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;

/**
 * Observes the jobs of this application that failed for good ({@link JobFailure}, fired once per job after its last
 * attempt) and keeps the most recent ones: a stand-in for an alert or a table of failed jobs.
 */
@ApplicationScoped
public class FailureLog {
    private static final int MAX_ENTRIES = 100;

    private final List<JobFailure> failures = new ArrayList<>();

    /** @param failure a job that failed for good */
    void failed(@Observes JobFailure failure) {
        synchronized (failures) {
            if (failures.size() == MAX_ENTRIES) {
                failures.remove(0);
            }
            failures.add(failure);
        }
    }

    /** @return the most recent final failures, oldest first */
    public List<JobFailure> recent() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }
}
