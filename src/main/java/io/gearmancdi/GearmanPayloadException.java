package io.gearmancdi;

/**
 * JSON that cannot be read or written exactly. On a worker: the job's payload could not be bound to its method (not
 * well-formed JSON or not the envelope {@code {"args": [...], "kwargs": {...}}}, invalid UTF-8, a duplicate member
 * name, over {@code gearman.json.max-size} or {@code gearman.json.max-depth}, a parameter missing, bound twice or
 * unknown, or a value that does not fit the parameter's type, such as {@code 1.9} or {@code 4294967297} for an
 * {@code int}); the job fails before it runs and the worker goes on. It reaches the client as a
 * {@link GearmanJobException} whose {@link GearmanJobException#remoteType()} is this class's name. Also thrown by a
 * worker whose result has no JSON form (NaN, infinities), and on a client by a call whose argument has none (before
 * anything is submitted) or whose result cannot be read as the requested type. The message names the argument or
 * says "the result".
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
