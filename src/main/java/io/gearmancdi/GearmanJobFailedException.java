package io.gearmancdi;

/**
 * A job ended in failure: the worker sent {@code WORK_FAIL} (or the server did, for example after the job's retry
 * limit or a cancel). {@link GearmanJobException}, a subtype, carries the remote exception when there was one.
 */
public class GearmanJobFailedException extends GearmanException {
    private final String function;
    private final JobHandle handle;

    /**
     * @param message  what failed
     * @param function the job's function name
     * @param handle   the job's handle, or {@code null} if the job never got one
     */
    public GearmanJobFailedException(String message, String function, JobHandle handle) {
        super(message);
        this.function = function;
        this.handle = handle;
    }

    /** @return the Gearman function name of the failed job */
    public String function() {
        return function;
    }

    /** @return the job's handle, or {@code null} */
    public JobHandle handle() {
        return handle;
    }
}
