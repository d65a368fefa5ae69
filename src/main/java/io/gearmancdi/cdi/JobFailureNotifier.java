package io.gearmancdi.cdi;

import io.gearmancdi.GearmanClient;
import io.gearmancdi.JobFailure;
import io.gearmancdi.worker.JobErrorHandler;
import io.gearmancdi.worker.WorkerJob;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Hands on a job's final failure (the worker calls it once, before the failure is reported to the job server): to the
 * dead-letter job when {@code gearman.dead-letter.job} is set, then as a {@link JobFailure} event to synchronous and
 * asynchronous observers. Nothing it meets changes the job's outcome: a failed dead-letter submission and a throwing
 * observer are logged.
 */
final class JobFailureNotifier implements JobErrorHandler {
    private final BeanManager beanManager;
    private final String jobName;
    private final String deadLetterJob;
    private final Supplier<GearmanClient> client;

    /**
     * @param deadLetterJob the logical name of the dead-letter job, or {@code null}; the dead-letter job's own final
     *                      failures are not sent to itself (that would loop)
     */
    JobFailureNotifier(BeanManager beanManager, String jobName, String deadLetterJob, Supplier<GearmanClient> client) {
        this.beanManager = beanManager;
        this.jobName = jobName;
        this.deadLetterJob = jobName.equals(deadLetterJob) ? null : deadLetterJob;
        this.client = client;
    }

    @Override
    public void jobFailed(WorkerJob job, Throwable error) {
        JobFailure failure = new JobFailure(jobName, job.function(), job.handle(), job.unique(), job.attempt(),
                error.getClass().getName(), error.getMessage(), new String(job.payload(), StandardCharsets.UTF_8));
        if (deadLetterJob != null) {
            try {
                client.get().submitBackground(deadLetterJob, fields(failure));
            } catch (RuntimeException e) {
                CdiMessages.deadLetterNotSubmitted(failure, deadLetterJob, e);
            }
        }
        Event<JobFailure> event = beanManager.getEvent().select(JobFailure.class);
        try {
            event.fire(failure);
        } catch (RuntimeException e) {
            CdiMessages.failureObserverFailed(failure, e);
        }
        try {
            event.fireAsync(failure).exceptionally(e -> {
                CdiMessages.failureObserverFailed(failure, e);
                return null;
            });
        } catch (RuntimeException e) {
            CdiMessages.failureObserverFailed(failure, e);
        }
    }

    /** @return the fields of the event, in declaration order: the dead letter's one argument */
    static Map<String, Object> fields(JobFailure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobName", f.jobName());
        m.put("functionName", f.functionName());
        m.put("handle", f.handle());
        m.put("unique", f.unique());
        m.put("attempts", f.attempts());
        m.put("errorType", f.errorType());
        m.put("errorMessage", f.errorMessage());
        m.put("payload", f.payload());
        return m;
    }
}
