package io.gearmancdi;

/**
 * What a running job knows about itself and how it talks back to a waiting client. Declare a parameter of this type on
 * a {@link GearmanJob} method to receive it; it is never read from the payload. At most one such parameter.
 *
 * <p>Valid only while the job method runs, on the thread that runs it.
 */
public interface JobContext {
    /** @return the job handle given by the server, e.g. {@code H:host:42} */
    String handle();

    /** @return the job's unique id (may be empty) */
    String unique();

    /** @return the logical job name, as in {@link GearmanJob} */
    String jobName();

    /** @return the Gearman function name the job was submitted to (the mapped, internal name) */
    String functionName();

    /**
     * @return which attempt this is, from 1 ({@link GearmanJob#retries()}); a job the server requeued because its
     *         worker died counts the same attempt again
     * @since 1.2
     */
    default int attempt() {
        return 1;
    }

    /**
     * @return how many attempts the job gets at most: {@code 1 + retries}
     * @since 1.2
     */
    default int maxAttempts() {
        return 1;
    }

    /**
     * Reports progress ({@code WORK_STATUS}); clients see it through {@link JobListener#onStatus} and
     * {@link GearmanClient#status}.
     */
    void progress(long numerator, long denominator);

    /** Sends a partial result ({@code WORK_DATA}): the JSON of {@code data}, UTF-8. */
    void sendData(Object data);

    /** Sends a warning ({@code WORK_WARNING}), UTF-8. */
    void sendWarning(String warning);

    /**
     * @return whether the job should stop early (its time limit passed, or the worker is shutting down past its drain
     *         bound). Long jobs should check it now and then.
     */
    boolean isCancelled();
}
