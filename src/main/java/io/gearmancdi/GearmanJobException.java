package io.gearmancdi;

/**
 * A job threw: the worker sent {@code {"type": ..., "message": ...}} (in a {@code WORK_WARNING} before
 * {@code WORK_FAIL}, or in a {@code WORK_EXCEPTION}), and this exception
 * carries the remote exception's class name and message. The remote class need not exist on the caller's side.
 */
public class GearmanJobException extends GearmanJobFailedException {
    private final String remoteType;
    private final String remoteMessage;

    /**
     * @param function      the job's function name
     * @param handle        the job's handle
     * @param remoteType    the class name of the exception the job threw ({@code null} if the worker did not say)
     * @param remoteMessage its message ({@code null} if it had none)
     */
    public GearmanJobException(String function, JobHandle handle, String remoteType, String remoteMessage) {
        super("job " + function + " (" + handle + ") threw " + remoteType
                + (remoteMessage == null ? "" : ": " + remoteMessage), function, handle);
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
    }

    /** @return the class name of the exception thrown by the job, as reported by the worker */
    public String remoteType() {
        return remoteType;
    }

    /** @return the message of the exception thrown by the job, or {@code null} */
    public String remoteMessage() {
        return remoteMessage;
    }
}
