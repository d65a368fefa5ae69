package io.gearmancdi.example;

import io.gearmancdi.Background;
import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobHandle;
import io.gearmancdi.RegisterGearmanClient;
import io.gearmancdi.SubmitOptions;

/**
 * The callers' side of the jobs whose workers take a {@link io.gearmancdi.JobContext} ({@link ReportJob},
 * {@link OrderConfirmations}, {@link RetryingJobs}): an interface that no bean implements, only called through its
 * {@code @GearmanRemote} proxy. Arguments go by parameter name, so they match the workers' parameters.
 */
@RegisterGearmanClient
public interface JobSubmissions {

    /** Queues a report: {@link ReportJob#render}. */
    @GearmanJob(name = ReportJob.NAME)
    @Background
    JobHandle report(String customer, int pages, long millisPerPage, SubmitOptions options);

    /** Queues an order's confirmation: {@link OrderConfirmations#confirm}; inside a transaction, after its commit. */
    @GearmanJob(name = OrderConfirmations.NAME)
    @Background
    JobHandle confirmOrder(String order);

    /** Queues the job that fails twice, then succeeds: {@link RetryingJobs#flaky}. */
    @GearmanJob(name = RetryingJobs.FLAKY)
    @Background
    JobHandle flaky(String id);

    /** Calls the job that always fails, and waits: {@link RetryingJobs#doomed}. */
    @GearmanJob(name = RetryingJobs.DOOMED)
    String doomed(String id);
}
