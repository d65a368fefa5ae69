package io.gearmancdi.json;

import java.util.List;
import java.util.Map;

/**
 * A decoded request payload: the raw JSON text of each positional and named argument, not yet converted, so that each
 * value is read exactly once, straight into its parameter's declared type.
 *
 * @param args   the JSON text of each element of {@code args}, in order
 * @param kwargs the JSON text of each member of {@code kwargs}, in payload order
 */
public record Envelope(List<String> args, Map<String, String> kwargs) {
    /** The envelope of an empty payload or {@code {}}. */
    public static final Envelope EMPTY = new Envelope(List.of(), Map.of());
}
