package io.gearmancdi.worker;

/**
 * How one attempt of a job ended on a worker, as counted by metrics ({@code gearman_jobs_total{outcome}}).
 *
 * @since 1.1
 */
public enum AttemptOutcome {
    /** The function returned; {@code WORK_COMPLETE} was sent. */
    COMPLETED("completed"),
    /** The function threw; the job failed. */
    FAILED("failed"),
    /** The job failed and was submitted again for another attempt (reported by retry support, not by the worker). */
    RETRIED("retried"),
    /** The function's time limit passed; the job failed with a {@link io.gearmancdi.GearmanTimeoutException}. */
    TIMED_OUT("timed_out"),
    /** The payload could not be read (too big, not the expected JSON): the job failed before the function ran. */
    BAD_PAYLOAD("bad_payload");

    private final String label;

    AttemptOutcome(String label) {
        this.label = label;
    }

    /** @return the lower-case label used in metrics, e.g. {@code timed_out} */
    public String label() {
        return label;
    }
}
