package io.gearmancdi.json;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * The JSON layer's log messages, IDs GEARMAN-6000..6999 (see {@code message-ranges.txt}), on the logger
 * {@code io.gearmancdi.json.PayloadCodec}. One method per message, each at a fixed level; IDs are never reused.
 */
final class JsonMessages {
    private static final System.Logger CODEC = System.getLogger("io.gearmancdi.json.PayloadCodec");

    private JsonMessages() {
    }

    /** GEARMAN-6001, DEBUG: closing a Jsonb the codec created itself failed; nothing else to do. */
    static void jsonbCloseFailed(Exception e) {
        CODEC.log(DEBUG, "GEARMAN-6001: closing Jsonb", e);
    }
}
