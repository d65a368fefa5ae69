package io.gearmancdi.json;

import io.gearmancdi.GearmanException;
import io.gearmancdi.GearmanPayloadException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
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
        StringBuilder json = new StringBuilder(64).append("{\"args\":[");
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(toJson(args.get(i)));
        }
        json.append(']');
        if (!kwargs.isEmpty()) {
            json.append(",\"kwargs\":{");
            boolean first = true;
            for (Map.Entry<String, ?> kwarg : kwargs.entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                json.append(JsonScalars.quote(kwarg.getKey())).append(':').append(toJson(kwarg.getValue()));
            }
            json.append('}');
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
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
        return toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a result.
     *
     * @throws GearmanException if the bytes are not JSON of that type
     */
    public Object decodeValue(byte[] json, Type type) {
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

    private String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        String fast = JsonScalars.write(value);
        return fast != null ? fast : jsonb.toJson(value);
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
