package io.gearmancdi;

/**
 * A job server could not be reached, or the connection to it was lost. For a foreground job lost this way the outcome
 * is unknown: it may still run (gearmand keeps running jobs whose client left).
 */
public class GearmanConnectionException extends GearmanException {
    /** @param message what failed, naming the server */
    public GearmanConnectionException(String message) {
        super(message);
    }

    /** @param message what failed, naming the server; @param cause the I/O error */
    public GearmanConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
