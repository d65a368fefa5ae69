package io.gearmancdi.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the request envelope into the raw text of its values without converting them: the outer object, the
 * {@code args} array and the {@code kwargs} object. Every value is checked in full by {@link JsonSyntax} in the same
 * single pass (linear in the payload's length), so that JSON-B only ever converts well-formed text. Throws
 * {@link IllegalArgumentException} with a position on malformed input.
 */
final class JsonSlicer {
    private final String s;
    private final int maxDepth;
    private int i;

    private JsonSlicer(String s, int maxDepth) {
        this.s = s;
        this.maxDepth = maxDepth;
    }

    /**
     * @param text     the payload
     * @param maxDepth how deep each argument may nest arrays and objects
     * @return its arguments, each checked in full
     */
    static Envelope envelope(String text, int maxDepth) {
        JsonSlicer p = new JsonSlicer(text, maxDepth);
        List<String> args = null;
        Map<String, String> kwargs = null;
        Map<String, String> meta = null;
        p.space();
        if (p.i >= text.length() || text.charAt(p.i) != '{') {
            throw p.error("expected a JSON object {\"args\": [...], \"kwargs\": {...}}");
        }
        p.i++;
        p.space();
        if (p.peek() == '}') {
            p.i++;
        } else {
            // one pass over the envelope: args and kwargs are sliced in place, not copied out and parsed again
            while (true) {
                p.space();
                if (p.peek() != '"') {
                    throw p.error("expected a member name");
                }
                String key = p.string();
                p.space();
                if (p.next() != ':') {
                    throw p.error("expected ':' after \"" + key + "\"");
                }
                p.space();
                switch (key) {
                    case "args" -> {
                        p.once(args, key);
                        args = p.array();
                    }
                    case "kwargs" -> {
                        p.once(kwargs, key);
                        kwargs = p.kwargs();
                    }
                    case "meta" -> {
                        p.once(meta, key);
                        meta = p.meta();
                    }
                    default -> throw new IllegalArgumentException("unknown key '" + key
                            + "' in the payload (expected only \"args\", \"kwargs\" and the library's \"meta\")");
                }
                p.space();
                char c = p.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw p.error("expected ',' or '}'");
                }
            }
        }
        p.space();
        if (p.i != text.length()) {
            throw p.error("unexpected text after the JSON object");
        }
        return new Envelope(args == null ? List.of() : args, kwargs == null ? Map.of() : kwargs,
                meta == null ? Map.of() : meta);
    }

    /**
     * @return the members of the reserved {@code meta} object at the cursor; members it does not know are kept
     *         unread, those it knows are checked ({@code attempt}: a whole number from 1), so that a wrong shape from
     *         another language fails that job with a clear message
     */
    private Map<String, String> meta() {
        if (peek() != '{') {
            throw new IllegalArgumentException("\"meta\" is reserved for the library and must be a JSON object "
                    + "(for example {\"attempt\": 2}), not " + abbreviate(value()));
        }
        Map<String, String> members = object();
        String attempt = members.get(Envelope.ATTEMPT);
        if (attempt != null && !attempt.matches("[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("\"meta\".\"attempt\" must be a whole number from 1, not "
                    + abbreviate(attempt));
        }
        return members;
    }

    private void once(Object seen, String key) {
        if (seen != null) {
            throw new IllegalArgumentException("key '" + key + "' appears twice");
        }
    }

    /** @return the raw values of the {@code args} array at the cursor ({@code null} counts as empty) */
    private List<String> array() {
        if (peek() != '[') {
            String raw = value();
            if (raw.equals("null")) {
                return List.of();
            }
            throw new IllegalArgumentException("\"args\" must be a JSON array, not " + abbreviate(raw));
        }
        i++;
        space();
        if (peek() == ']') {
            i++;
            return List.of();
        }
        List<String> values = new ArrayList<>();
        while (true) {
            values.add(value());
            space();
            char c = next();
            if (c == ']') {
                return Collections.unmodifiableList(values);
            }
            if (c != ',') {
                throw error("expected ',' or ']' in \"args\"");
            }
        }
    }

    /** @return the raw values of the {@code kwargs} object at the cursor ({@code null} counts as empty) */
    private Map<String, String> kwargs() {
        if (peek() != '{') {
            String raw = value();
            if (raw.equals("null")) {
                return Map.of();
            }
            throw new IllegalArgumentException("\"kwargs\" must be a JSON object, not " + abbreviate(raw));
        }
        return object();
    }

    private Map<String, String> object() {
        space();
        if (i >= s.length() || s.charAt(i) != '{') {
            throw error("expected a JSON object {\"args\": [...], \"kwargs\": {...}}");
        }
        i++;
        Map<String, String> members = new LinkedHashMap<>();
        space();
        if (peek() == '}') {
            i++;
            return members;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String key = string();
            space();
            if (next() != ':') {
                throw error("expected ':' after \"" + key + "\"");
            }
            String value = value();
            if (members.put(key, value) != null) {
                throw new IllegalArgumentException("key '" + key + "' appears twice");
            }
            space();
            char c = next();
            if (c == '}') {
                return Collections.unmodifiableMap(members);
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    /** @return the raw text of the value at the cursor, checked in full (syntax, depth, duplicate names) */
    private String value() {
        space();
        int start = i;
        i = JsonSyntax.skipValue(s, i, maxDepth);
        return s.substring(start, i);
    }

    /** @return the decoded string literal at the cursor (member names) */
    private String string() {
        int start = i;
        i = JsonSyntax.skipString(s, i);
        return decodeString(s, start, i);
    }

    /** @return the string of the well-formed literal {@code text[start, end)}, quotes included */
    static String decodeString(String text, int start, int end) {
        Object decoded = JsonScalars.unquote(text.substring(start, end));
        if (decoded == JsonScalars.NOT_HANDLED) {
            throw new IllegalArgumentException("bad string literal at character " + start + " of " + abbreviate(text));
        }
        return (String) decoded;
    }

    /** JSON whitespace only: space, tab, line feed, carriage return. */
    private void space() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n'
                || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw error("unexpected end of the payload");
        }
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + i + " of " + abbreviate(s));
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
