package io.gearmancdi.example;

import io.gearmancdi.GearmanJob;
import io.gearmancdi.JobContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/**
 * A slow job: "renders" a report page by page, reports its progress ({@code WORK_STATUS}) after each page and keeps the
 * finished report in the {@link ReportArchive} under the job's unique id, where a background job's result can be
 * looked up later. Stops early, without a result, when the worker gives it up (shutdown past the drain bound):
 * gearmand then hands the job to another worker.
 */
@ApplicationScoped
public class ReportJob {
    /** The job's logical name. */
    public static final String NAME = "example-report";

    private static final System.Logger LOG = System.getLogger(ReportJob.class.getName());

    @Inject
    ReportArchive archive;

    /**
     * @param customer     who the report is for
     * @param pages        how many pages to render (1..1000)
     * @param millisPerPage how long one page takes (0..10000)
     * @param context      the running job
     * @return the report, or {@code null} if the job was cancelled before it finished
     */
    @GearmanJob(name = NAME)
    public Report render(String customer, int pages, long millisPerPage, JobContext context) {
        if (pages < 1 || pages > 1000 || millisPerPage < 0 || millisPerPage > 10_000) {
            throw new IllegalArgumentException("pages must be 1..1000 and millisPerPage 0..10000, got " + pages
                    + " and " + millisPerPage);
        }
        context.progress(0, pages);
        for (int page = 1; page <= pages; page++) {
            try {
                TimeUnit.MILLISECONDS.sleep(millisPerPage); // stands for real work
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.log(System.Logger.Level.INFO, "report " + context.unique() + " interrupted at page " + page);
                return null;
            }
            if (context.isCancelled()) {
                LOG.log(System.Logger.Level.INFO, "report " + context.unique() + " cancelled at page " + page);
                return null;
            }
            context.progress(page, pages);
        }
        Report report = new Report(customer, pages, Thread.currentThread().getName());
        archive.put(context.unique(), report);
        return report;
    }
}
