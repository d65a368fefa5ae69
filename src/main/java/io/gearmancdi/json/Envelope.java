package io.gearmancdi.json;

import java.util.List;
import java.util.Map;

/**
 * A decoded request payload: the raw JSON text of each positional and named argument, not yet converted, so that each
 * value is read exactly once, straight into its parameter's declared type.
 *
 * @param args   the JSON text of each element of {@code args}, in order
 * @param kwargs the JSON text of each member of {@code kwargs}, in payload order
 * @param meta   the JSON text of each member of the library's reserved {@code meta} object (empty when absent); the
 *               members it knows are checked already ({@code attempt}: a whole number from 1)
 */
public record Envelope(List<String> args, Map<String, String> kwargs, Map<String, String> meta) {
    /** The envelope of an empty payload or {@code {}}. */
    public static final Envelope EMPTY = new Envelope(List.of(), Map.of());
    /** The member of {@code meta} that numbers a retried job's attempt. */
    public static final String ATTEMPT = "attempt";
    /** The member of {@code meta} carrying the caller's W3C {@code traceparent} (a JSON string). */
    public static final String TRACEPARENT = "traceparent";
    /** The member of {@code meta} carrying the caller's W3C {@code tracestate} (a JSON string). */
    public static final String TRACESTATE = "tracestate";
    /** The member of {@code meta} that carries the unique id of a retried job's first attempt. */
    public static final String UNIQUE = "unique";

    /** An envelope without {@code meta}. */
    public Envelope(List<String> args, Map<String, String> kwargs) {
        this(args, kwargs, Map.of());
    }

    /**
     * A text member of {@code meta}, as sent by any language: never checked while the payload is read, so that a
     * member the library only reads for tracing can never fail a job.
     *
     * @param key the member's name
     * @return {@code null} when absent; the string when it is a JSON string; else its JSON text as it is (which is
     *         then no valid value of a text member, and the caller treats it as malformed)
     */
    public String metaString(String key) {
        String raw = meta.get(key);
        if (raw == null) {
            return null;
        }
        Object text = JsonScalars.read(raw, String.class);
        return text instanceof String s ? s : raw;
    }

    /** @return the attempt number {@code meta} carries, 1 without one */
    public int attempt() {
        String raw = meta.get(ATTEMPT);
        return raw == null ? 1 : Integer.parseInt(raw.trim());
    }
}
