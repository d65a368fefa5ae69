package io.gearmancdi;

/** Root of every exception gearman-cdi throws. Unchecked: callers catch the subtype they can act upon. */
public class GearmanException extends RuntimeException {
    /** @param message what went wrong, naming the server and the job where known */
    public GearmanException(String message) {
        super(message);
    }

    /** @param message what went wrong; @param cause the underlying failure */
    public GearmanException(String message, Throwable cause) {
        super(message, cause);
    }
}
