package io.gearmancdi.dashboard.internal;

import io.gearmancdi.JobOutcome;
import io.gearmancdi.store.JobRecord;

import java.util.List;
import java.util.Map;

/** The JSON of the dashboard's job routes: one page of records with the counts, and one record in full. */
public final class JobJson {
    private JobJson() {
    }

    /**
     * @param counts  records per job name and state
     * @param records one page of records, newest first
     * @param offset  records skipped before the page
     * @param limit   the page size
     * @return {@code {"counts": {...}, "offset", "limit", "jobs": [...]}}
     */
    public static String page(Map<String, Map<JobOutcome.State, Long>> counts, List<JobRecord> records, int offset,
                              int limit) {
        Json out = new Json().object().name("counts").object();
        counts.forEach((name, states) -> {
            out.name(name).object();
            states.forEach((s, n) -> out.member(s.name(), n));
            out.end();
        });
        out.end().member("offset", offset).member("limit", limit).name("jobs").array();
        for (JobRecord r : records) {
            out.object().member("unique", r.unique()).member("job", r.jobName()).member("state", name(r.state()))
                    .member("attempts", r.attempts()).member("progress", progress(r))
                    .member("updatedAt", r.updatedAt()).member("errorType", r.errorType())
                    .member("errorMessage", r.errorMessage()).end();
        }
        return out.endArray().end().toString();
    }

    /**
     * @param r a record
     * @return every field of it, the request as {@code arguments}
     */
    public static String detail(JobRecord r) {
        return new Json().object().member("unique", r.unique()).member("job", r.jobName())
                .member("function", r.functionName()).member("state", name(r.state())).member("server", r.server())
                .member("handle", r.handle()).member("attempts", r.attempts()).member("progress", progress(r))
                .member("progressNumerator", r.progressNumerator())
                .member("progressDenominator", r.progressDenominator()).member("arguments", r.payload())
                .member("result", r.result()).member("errorType", r.errorType())
                .member("errorMessage", r.errorMessage()).member("worker", r.worker())
                .member("submittedAt", r.submittedAt()).member("startedAt", r.startedAt())
                .member("finishedAt", r.finishedAt()).member("nextAttemptAt", r.nextAttemptAt())
                .member("updatedAt", r.updatedAt()).end().toString();
    }

    /** Progress as a fraction in [0, 1], or {@code null} when the worker reported none. */
    private static Double progress(JobRecord r) {
        Long n = r.progressNumerator();
        Long d = r.progressDenominator();
        return n == null || d == null || d <= 0 ? null : Math.min(1.0, Math.max(0.0, (double) n / d));
    }

    private static String name(JobOutcome.State state) {
        return state == null ? null : state.name();
    }
}
