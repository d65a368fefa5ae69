package io.gearmancdi;

/** The job server answered a request with an {@code ERROR} packet. */
public class GearmanServerException extends GearmanException {
    private final String code;
    private final String text;

    /**
     * @param code   the error code name, for example {@code QUEUE_ERROR} or {@code ARGUMENT_TOO_LARGE}
     * @param text   the server's text
     * @param server the server that answered, for the message
     */
    public GearmanServerException(String code, String text, ServerAddress server) {
        super("gearman server " + server + " answered ERROR " + code + ": " + text);
        this.code = code;
        this.text = text;
    }

    /** @return the error code name as sent by the server, e.g. {@code QUEUE_ERROR} */
    public String code() {
        return code;
    }

    /** @return the server's human-readable text */
    public String text() {
        return text;
    }

    /** @return whether the server refused the job because its queue is full ({@code QUEUE_ERROR}) */
    public boolean isQueueFull() {
        return "QUEUE_ERROR".equals(code);
    }
}
