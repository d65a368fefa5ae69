package io.gearmancdi;

/**
 * A job's payload could not be bound to its method: not the JSON envelope {@code {"args": [...], "kwargs": {...}}},
 * a parameter missing, bound twice or unknown, or a value JSON-B cannot convert to the parameter's type. Thrown on the
 * worker, it reaches the client as a {@link GearmanJobException} whose {@link GearmanJobException#remoteType()} is this
 * class's name.
 */
public class GearmanPayloadException extends GearmanException {
    /** @param message what is wrong, naming the job and the parameter */
    public GearmanPayloadException(String message) {
        super(message);
    }

    /** @param message what is wrong; @param cause the conversion failure */
    public GearmanPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
