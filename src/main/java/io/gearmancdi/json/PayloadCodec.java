package io.gearmancdi.json;

import io.gearmancdi.GearmanPayloadException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.spi.JsonProvider;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads and writes job payloads (docs/design.md, "The wire format"): requests
 * {@code {"args": [...], "kwargs": {...}}} and results, UTF-8 JSON through JSON-B. Every text read is checked in full
 * before JSON-B sees it ({@link JsonSyntax}, {@link JsonLimits}), and scalars are converted exactly
 * ({@link StrictScalars}). Thread-safe (JSON-B instances are).
 */
public final class PayloadCodec implements AutoCloseable {
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final Jsonb jsonb;
    private final Runnable onClose;
    private final JsonLimits limits;
    private final NestedScalarCheck nested;

    /** A codec over a new default {@link Jsonb} with the default {@link JsonLimits}, closed by {@link #close()}. */
    public PayloadCodec() {
        this(JsonLimits.defaults());
    }

    /**
     * A codec over a new default {@link Jsonb}, closed by {@link #close()}. Its JSON-P parsers read nested
     * {@code int} and {@code long} values exactly ({@link StrictJsonProvider}).
     */
    public PayloadCodec(JsonLimits limits) {
        this(JsonProvider.provider(), limits);
    }

    private PayloadCodec(JsonProvider json, JsonLimits limits) {
        this(JsonbBuilder.newBuilder().withProvider(new StrictJsonProvider(json)).build(), null, limits,
                new NestedScalarCheck(json, true));
    }

    /**
     * A codec over the given {@link Jsonb} (an application's, with its own adapters, serializers or naming strategy),
     * which stays the caller's to close, with the default limits. See {@link #PayloadCodec(Jsonb, JsonLimits)}.
     */
    public PayloadCodec(Jsonb jsonb) {
        this(jsonb, JsonLimits.defaults());
    }

    /**
     * A codec over the given {@link Jsonb}, which stays the caller's to close. What stays exact: strings, numbers and
     * booleans at the top level, and nested in collections, maps, arrays and optionals ({@link StrictScalars}). What
     * that {@code Jsonb} decides: records and beans, whose member names and forms are its naming strategy's and
     * adapters' to define, and the numbers inside them (its JSON-P parser may narrow them; ours does not).
     */
    public PayloadCodec(Jsonb jsonb, JsonLimits limits) {
        this(jsonb, limits, () -> { });
    }

    /**
     * As {@link #PayloadCodec(Jsonb, JsonLimits)}, with what {@link #close()} does instead of closing the {@code Jsonb}
     * (a CDI container releases a dependent bean its own way).
     */
    public PayloadCodec(Jsonb jsonb, JsonLimits limits, Runnable onClose) {
        this(jsonb, Objects.requireNonNull(onClose, "onClose"), limits,
                new NestedScalarCheck(JsonProvider.provider(), false));
    }

    /** @param onClose what {@link #close()} does: close our own {@code Jsonb}, or what the caller said */
    private PayloadCodec(Jsonb jsonb, Runnable onClose, JsonLimits limits, NestedScalarCheck nested) {
        this.jsonb = Objects.requireNonNull(jsonb, "jsonb");
        this.onClose = onClose == null ? this::closeOwnJsonb : onClose;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.nested = nested;
    }

    /** @return the limits on what this codec reads */
    public JsonLimits limits() {
        return limits;
    }

    /**
     * @return the request payload for these arguments ({@code kwargs} left out when empty)
     * @throws GearmanPayloadException naming the argument if one has no JSON form (NaN, infinities, ...), before
     *                                 anything is submitted
     */
    public byte[] encodeRequest(List<?> args, Map<String, ?> kwargs) {
        return encodeRequest(args, kwargs, Map.of());
    }

    /**
     * As {@link #encodeRequest(List, Map)}, with the library's {@code meta} object (left out when empty).
     *
     * @param meta text members of {@code meta} (written as JSON strings), such as {@link Envelope#TRACEPARENT}
     */
    public byte[] encodeRequest(List<?> args, Map<String, ?> kwargs, Map<String, String> meta) {
        Utf8Builder json = new Utf8Builder().ascii("{\"args\":[");
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                json.ascii(",");
            }
            value(json, args.get(i), "argument " + (i + 1));
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
                value(json.string(kwarg.getKey()).ascii(":"), kwarg.getValue(), "argument '" + kwarg.getKey() + "'");
            }
            json.ascii("}");
        }
        if (!meta.isEmpty()) {
            json.ascii(",\"meta\":{");
            boolean first = true;
            for (Map.Entry<String, String> member : meta.entrySet()) {
                json.ascii(first ? "" : ",").string(member.getKey()).ascii(":").string(member.getValue());
                first = false;
            }
            json.ascii("}");
        }
        return json.ascii("}").toByteArray();
    }

    private void value(Utf8Builder json, Object value, String what) {
        if (value instanceof String s) {
            json.string(s);
        } else {
            json.bytes(toJsonUtf8(value, what));
        }
    }

    /**
     * Splits a request payload into its arguments, each checked in full (UTF-8, JSON syntax, duplicate member names,
     * the {@link JsonLimits}) in one linear pass. An empty payload counts as {@code {}} (no arguments), so that
     * {@code gearman -s} can call a job without parameters.
     *
     * @throws GearmanPayloadException if the payload is not the envelope
     */
    public Envelope decodeRequest(byte[] payload) {
        try {
            String text = text(payload, "payload");
            if (text.isBlank()) {
                return Envelope.EMPTY;
            }
            return JsonSlicer.envelope(text, limits.maxDepth());
        } catch (IllegalArgumentException e) {
            throw new GearmanPayloadException("the payload is not the JSON envelope {\"args\": [...], \"kwargs\": "
                    + "{...}}: " + e.getMessage());
        }
    }

    /**
     * @return the UTF-8 JSON of {@code value} (by its runtime type; {@code null} gives {@code null})
     * @throws GearmanPayloadException if the value has no JSON form (NaN, infinities, or what JSON-B refuses)
     */
    public byte[] encodeValue(Object value) {
        return toJsonUtf8(value, "the value");
    }

    /**
     * @return the UTF-8 JSON of a job's result, as {@link #encodeValue}
     * @throws GearmanPayloadException naming the result if it has no JSON form (NaN, infinities, ...)
     */
    public byte[] encodeResult(Object value) {
        return toJsonUtf8(value, "the result");
    }

    /**
     * Reads a result, as strictly as the arguments of a job (see {@link #decodeRequest}, {@link StrictScalars}). JSON
     * {@code null} and an empty result give {@code null}, or an empty {@link Optional} for an {@code Optional} type.
     *
     * @throws GearmanPayloadException if the bytes are not JSON of that type
     */
    public Object decodeValue(byte[] json, Type type) {
        Object fast = json.length <= limits.maxSize() ? JsonScalars.readUtf8(json, type) : JsonScalars.NOT_HANDLED;
        if (fast != JsonScalars.NOT_HANDLED && ((String) fast).indexOf('\uFFFD') < 0) {
            return fast; // else: maybe invalid UTF-8, which the full path finds
        }
        String text;
        try {
            text = text(json, "result");
            if (!text.isBlank()) {
                JsonSyntax.checkDocument(text, limits.maxDepth());
            }
        } catch (IllegalArgumentException e) {
            throw new GearmanPayloadException("the result is not valid JSON: " + e.getMessage());
        }
        if (text.isBlank() || text.trim().equals("null")) {
            return nullValue(type);
        }
        try {
            return convert(text, type);
        } catch (RuntimeException e) {
            throw new GearmanPayloadException("cannot read the result " + JsonSlicer.abbreviate(text.trim()) + " as "
                    + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }

    /** @return what JSON {@code null} is for {@code type}: an empty optional for the optional types, else null */
    static Object nullValue(Type type) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType()
                : type instanceof Class<?> c ? c : Object.class;
        if (raw == Optional.class) {
            return Optional.empty();
        }
        if (raw == OptionalInt.class) {
            return OptionalInt.empty();
        }
        if (raw == OptionalLong.class) {
            return OptionalLong.empty();
        }
        if (raw == OptionalDouble.class) {
            return OptionalDouble.empty();
        }
        return null;
    }

    /**
     * Converts the raw JSON text of one argument, already checked by {@link #decodeRequest}, to a parameter type.
     *
     * @throws RuntimeException if it cannot: an {@link IllegalArgumentException} for scalars that do not fit, a
     *                          {@link JsonbException} (or whatever the JSON-B implementation throws) otherwise
     */
    Object convert(String rawJson, Type type) {
        Object fast = JsonScalars.read(rawJson, type);
        if (fast != JsonScalars.NOT_HANDLED) {
            return fast;
        }
        if (StrictScalars.handles(type)) {
            return StrictScalars.read(rawJson, (Class<?>) type);
        }
        try {
            nested.check(rawJson, type);
            return jsonb.fromJson(rawJson, type);
        } catch (StackOverflowError e) {
            // only reachable with a max depth raised above what this thread's stack holds: fail the job, not the
            // worker thread
            throw new IllegalArgumentException("nested too deep for this thread's stack (depth limit "
                    + limits.maxDepth() + "; lower gearman.json.max-depth)");
        }
    }

    /**
     * The same request with its {@code meta.attempt} set (other {@code meta} members kept): what a background retry
     * is submitted with. The arguments are copied as their JSON text, unconverted.
     *
     * @throws GearmanPayloadException if the payload is not the envelope
     */
    public byte[] withAttempt(byte[] payload, int attempt) {
        return withAttempt(payload, attempt, null);
    }

    /**
     * As {@link #withAttempt(byte[], int)}, and with {@code meta.unique} set to {@code unique} unless the payload
     * carries one already: the unique id of the job's first attempt, which every retry keeps (the job record store
     * keys a job's record by it).
     *
     * @param unique the unique id of the attempt that failed, or {@code null} to leave {@code meta.unique} out
     */
    public byte[] withAttempt(byte[] payload, int attempt, String unique) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
        Envelope e = decodeRequest(payload);
        String origin = unique == null || unique.isEmpty() || e.meta().containsKey(Envelope.UNIQUE) ? null
                : new String(new Utf8Builder().string(unique).toByteArray(), StandardCharsets.UTF_8);
        return rebuild(e, attempt, origin).toByteArray();
    }

    private static Utf8Builder rebuild(Envelope e, int attempt, String originJson) {
        Utf8Builder json = new Utf8Builder().ascii("{\"args\":[");
        for (int i = 0; i < e.args().size(); i++) {
            json.ascii(i > 0 ? "," : "").utf8(e.args().get(i));
        }
        json.ascii("]");
        if (!e.kwargs().isEmpty()) {
            json.ascii(",\"kwargs\":");
            members(json, e.kwargs());
        }
        java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(e.meta());
        meta.put(Envelope.ATTEMPT, Integer.toString(attempt));
        if (originJson != null) {
            meta.put(Envelope.UNIQUE, originJson);
        }
        json.ascii(",\"meta\":");
        members(json, meta);
        return json.ascii("}");
    }

    private static void members(Utf8Builder json, java.util.Map<String, String> members) {
        json.ascii("{");
        boolean first = true;
        for (java.util.Map.Entry<String, String> m : members.entrySet()) {
            json.ascii(first ? "" : ",").string(m.getKey()).ascii(":").utf8(m.getValue());
            first = false;
        }
        json.ascii("}");
    }

    /** @return the payload as text, refusing one over the size limit or with invalid UTF-8 */
    private String text(byte[] utf8, String what) {
        if (utf8.length > limits.maxSize()) {
            throw new IllegalArgumentException("the " + what + " of " + utf8.length + " bytes is larger than "
                    + "gearman.json.max-size (" + limits.maxSize() + " bytes)");
        }
        String text = new String(utf8, StandardCharsets.UTF_8);
        // the lenient decoder (fast) replaces bad sequences by U+FFFD; only then is the strict one run, to find them
        if (text.indexOf('\uFFFD') >= 0) {
            CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(utf8);
            try {
                strict.decode(in);
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("invalid UTF-8 in the " + what + " at byte " + in.position());
            }
        }
        return text;
    }

    private byte[] toJsonUtf8(Object value, String what) {
        if (value == null) {
            return NULL.clone(); // the caller owns what encodeValue and encodeResult return
        }
        byte[] fast = JsonScalars.writeUtf8(value);
        if (fast != null) {
            return fast;
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())
                || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            throw new GearmanPayloadException(what + " is " + value + ", which JSON cannot represent");
        }
        try {
            return jsonb.toJson(value).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new GearmanPayloadException(what + " (" + value.getClass().getName() + ") cannot be written as JSON"
                    + " (NaN and infinite numbers have no JSON form): " + e.getMessage(), e);
        }
    }

    /** Concatenates JSON pieces as UTF-8 with one copy of each, without the String round trip of a StringBuilder. */
    private static final class Utf8Builder {
        private static final byte[] QUOTE = {'"'};
        private final List<byte[]> pieces = new ArrayList<>(8);
        private int size;

        Utf8Builder ascii(String text) {
            return bytes(text.getBytes(StandardCharsets.US_ASCII));
        }

        /** Adds JSON text as it is. */
        Utf8Builder utf8(String json) {
            return bytes(json.getBytes(StandardCharsets.UTF_8));
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
        onClose.run();
    }

    private void closeOwnJsonb() {
        try {
            jsonb.close();
        } catch (Exception e) {
            JsonMessages.jsonbCloseFailed(e);
        }
    }
}
