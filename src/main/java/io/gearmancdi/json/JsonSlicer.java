package io.gearmancdi.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Splits the request envelope into the raw text of its values without converting them: the outer object, the
 * {@code args} array and the {@code kwargs} object. It walks the envelope with a {@link JsonSyntax} scanner, which
 * checks every value in full in the same single pass (linear in the payload's length), so that JSON-B only ever
 * converts well-formed text. Throws {@link IllegalArgumentException} with a position on malformed input.
 */
final class JsonSlicer {
    private final JsonSyntax p;
    private List<String> args;
    private Map<String, String> kwargs;
    private Map<String, String> meta;

    private JsonSlicer(String text, int maxDepth) {
        this.p = JsonSyntax.scanner(text, maxDepth, "the payload");
    }

    /**
     * @param text     the payload
     * @param maxDepth how deep each argument may nest arrays and objects
     * @return its arguments, each checked in full
     */
    static Envelope envelope(String text, int maxDepth) {
        JsonSlicer slicer = new JsonSlicer(text, maxDepth);
        // one pass over the envelope: args and kwargs are sliced in place, not copied out and parsed again
        slicer.members(slicer::envelopeMember);
        slicer.p.space();
        if (!slicer.p.atEnd()) {
            throw slicer.p.error("unexpected text after the JSON object");
        }
        return new Envelope(slicer.args == null ? List.of() : slicer.args,
                slicer.kwargs == null ? Map.of() : slicer.kwargs, slicer.meta == null ? Map.of() : slicer.meta);
    }

    /** Reads the value of the envelope's member {@code key} at the cursor. */
    private void envelopeMember(String key) {
        switch (key) {
            case "args" -> {
                once(args, key);
                args = array();
            }
            case "kwargs" -> {
                once(kwargs, key);
                kwargs = kwargs();
            }
            case "meta" -> {
                once(meta, key);
                meta = meta();
            }
            default -> throw new IllegalArgumentException("unknown key '" + key
                    + "' in the payload (expected only \"args\", \"kwargs\" and the library's \"meta\")");
        }
    }

    private static void once(Object seen, String key) {
        if (seen != null) {
            throw new IllegalArgumentException("key '" + key + "' appears twice");
        }
    }

    /**
     * Walks the object at the cursor: for each member, reads its name and colon and hands the name to
     * {@code readValue}, which must move past the member's value.
     */
    private void members(Consumer<String> readValue) {
        p.space();
        if (p.atEnd() || p.peek() != '{') {
            throw p.error("expected a JSON object {\"args\": [...], \"kwargs\": {...}}");
        }
        p.next();
        p.space();
        if (p.peek() == '}') {
            p.next();
            return;
        }
        while (true) {
            p.space();
            String key = p.memberName();
            p.space();
            if (p.next() != ':') {
                throw p.error("expected ':' after \"" + key + "\"");
            }
            p.space();
            readValue.accept(key);
            p.space();
            char c = p.next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw p.error("expected ',' or '}'");
            }
        }
    }

    /** @return the raw values of the {@code args} array at the cursor ({@code null} counts as empty) */
    private List<String> array() {
        if (p.peek() != '[') {
            String raw = p.rawValue();
            if (raw.equals("null")) {
                return List.of();
            }
            throw new IllegalArgumentException("\"args\" must be a JSON array, not " + abbreviate(raw));
        }
        p.next();
        p.space();
        if (p.peek() == ']') {
            p.next();
            return List.of();
        }
        List<String> values = new ArrayList<>();
        while (true) {
            values.add(p.rawValue());
            p.space();
            char c = p.next();
            if (c == ']') {
                return Collections.unmodifiableList(values);
            }
            if (c != ',') {
                throw p.error("expected ',' or ']' in \"args\"");
            }
        }
    }

    /** @return the raw values of the {@code kwargs} object at the cursor ({@code null} counts as empty) */
    private Map<String, String> kwargs() {
        if (p.peek() != '{') {
            String raw = p.rawValue();
            if (raw.equals("null")) {
                return Map.of();
            }
            throw new IllegalArgumentException("\"kwargs\" must be a JSON object, not " + abbreviate(raw));
        }
        return object();
    }

    /**
     * @return the members of the reserved {@code meta} object at the cursor; members it does not know are kept
     *         unread, those it knows are checked ({@code attempt}: a whole number from 1), so that a wrong shape from
     *         another language fails that job with a clear message
     */
    private Map<String, String> meta() {
        if (p.peek() != '{') {
            throw new IllegalArgumentException("\"meta\" is reserved for the library and must be a JSON object "
                    + "(for example {\"attempt\": 2}), not " + abbreviate(p.rawValue()));
        }
        Map<String, String> members = object();
        String attempt = members.get(Envelope.ATTEMPT);
        if (attempt != null && !attempt.matches("[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("\"meta\".\"attempt\" must be a whole number from 1, not "
                    + abbreviate(attempt));
        }
        return members;
    }

    /** @return the raw values of the members of the object at the cursor, in order */
    private Map<String, String> object() {
        Map<String, String> values = new LinkedHashMap<>();
        members(key -> {
            if (values.put(key, p.rawValue()) != null) {
                throw new IllegalArgumentException("key '" + key + "' appears twice");
            }
        });
        return Collections.unmodifiableMap(values);
    }

    /** @return {@code text} cut to 80 characters for error messages */
    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
