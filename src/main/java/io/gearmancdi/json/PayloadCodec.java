package io.gearmancdi.json;

import io.gearmancdi.GearmanException;
import io.gearmancdi.GearmanPayloadException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes job payloads (DESIGN §5): requests {@code {"args": [...], "kwargs": {...}}} and results, UTF-8 JSON
 * through JSON-B. Thread-safe (JSON-B instances are).
 */
public final class PayloadCodec implements AutoCloseable {
    private final Jsonb jsonb;
    private final boolean owned;

    /** A codec over a new default {@link Jsonb}, closed by {@link #close()}. */
    public PayloadCodec() {
        this(JsonbBuilder.create(), true);
    }

    /** A codec over the given {@link Jsonb}, which stays the caller's to close. */
    public PayloadCodec(Jsonb jsonb) {
        this(jsonb, false);
    }

    private PayloadCodec(Jsonb jsonb, boolean owned) {
        this.jsonb = Objects.requireNonNull(jsonb, "jsonb");
        this.owned = owned;
    }

    /** @return the request payload for these arguments ({@code kwargs} left out when empty) */
    public byte[] encodeRequest(List<?> args, Map<String, ?> kwargs) {
        Utf8Builder json = new Utf8Builder().ascii("{\"args\":[");
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                json.ascii(",");
            }
            value(json, args.get(i));
        }
        json.ascii("]");
        if (!kwargs.isEmpty()) {
            json.ascii(",\"kwargs\":{");
            boolean first = true;
            for (Map.Entry<String, ?> kwarg : kwargs.entrySet()) {
                if (!first) {
                    json.ascii(",");
                }
                first = false;
                value(json.string(kwarg.getKey()).ascii(":"), kwarg.getValue());
            }
            json.ascii("}");
        }
        return json.ascii("}").toByteArray();
    }

    private void value(Utf8Builder json, Object value) {
        if (value instanceof String s) {
            json.string(s);
        } else {
            json.bytes(toJsonUtf8(value));
        }
    }

    /**
     * Splits a request payload into its arguments. An empty payload counts as {@code {}} (no arguments), so that
     * {@code gearman -s} can call a job without parameters.
     *
     * @throws GearmanPayloadException if the payload is not the envelope
     */
    public Envelope decodeRequest(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Envelope.EMPTY;
        }
        try {
            return JsonSlicer.envelope(text);
        } catch (IllegalArgumentException e) {
            throw new GearmanPayloadException("the payload is not the JSON envelope {\"args\": [...], \"kwargs\": "
                    + "{...}}: " + e.getMessage());
        }
    }

    /** @return the UTF-8 JSON of {@code value} (by its runtime type; {@code null} gives {@code null}) */
    public byte[] encodeValue(Object value) {
        return toJsonUtf8(value);
    }

    /**
     * Reads a result.
     *
     * @throws GearmanException if the bytes are not JSON of that type
     */
    public Object decodeValue(byte[] json, Type type) {
        Object fast = JsonScalars.readUtf8(json, type);
        if (fast != JsonScalars.NOT_HANDLED) {
            return fast;
        }
        String text = new String(json, StandardCharsets.UTF_8);
        if (text.isBlank() || text.trim().equals("null")) {
            return null;
        }
        try {
            return convert(text, type);
        } catch (JsonbException | ClassCastException e) {
            throw new GearmanException("cannot read the result " + JsonSlicer.abbreviate(text) + " as "
                    + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Converts the raw JSON text of one argument to a parameter type.
     *
     * @throws JsonbException if JSON-B cannot
     */
    Object convert(String rawJson, Type type) {
        Object fast = JsonScalars.read(rawJson, type);
        return fast != JsonScalars.NOT_HANDLED ? fast : jsonb.fromJson(rawJson, type);
    }

    private byte[] toJsonUtf8(Object value) {
        if (value == null) {
            return new byte[] {'n', 'u', 'l', 'l'};
        }
        byte[] fast = JsonScalars.writeUtf8(value);
        return fast != null ? fast : jsonb.toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Concatenates JSON pieces as UTF-8 with one copy of each, without the String round trip of a StringBuilder. */
    private static final class Utf8Builder {
        private static final byte[] QUOTE = {'"'};
        private final List<byte[]> pieces = new ArrayList<>(8);
        private int size;

        Utf8Builder ascii(String text) {
            return bytes(text.getBytes(StandardCharsets.US_ASCII));
        }

        Utf8Builder bytes(byte[] b) {
            pieces.add(b);
            size += b.length;
            return this;
        }

        /** Adds a string literal; its UTF-8 bytes are added as they are unless something needs escaping. */
        Utf8Builder string(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            return JsonScalars.needsEscape(utf8, 0, utf8.length)
                    ? bytes(JsonScalars.quote(text).getBytes(StandardCharsets.UTF_8))
                    : bytes(QUOTE).bytes(utf8).bytes(QUOTE);
        }

        byte[] toByteArray() {
            byte[] out = new byte[size];
            int at = 0;
            for (byte[] piece : pieces) {
                System.arraycopy(piece, 0, out, at, piece.length);
                at += piece.length;
            }
            return out;
        }
    }

    @Override
    public void close() {
        if (owned) {
            try {
                jsonb.close();
            } catch (Exception e) {
                JsonMessages.jsonbCloseFailed(e);
            }
        }
    }
}
