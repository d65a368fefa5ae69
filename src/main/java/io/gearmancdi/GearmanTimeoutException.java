package io.gearmancdi;

/**
 * A deadline passed: a foreground job did not complete within its timeout, or a connection or status query did not
 * answer in time. The job itself may still run on a worker.
 */
public class GearmanTimeoutException extends GearmanException {
    /** @param message what timed out and after how long */
    public GearmanTimeoutException(String message) {
        super(message);
    }
}
