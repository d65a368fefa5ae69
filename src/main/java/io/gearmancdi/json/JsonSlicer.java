package io.gearmancdi.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the request envelope into the raw text of its values without converting them: the outer object, the
 * {@code args} array and the {@code kwargs} object. The values themselves are checked by JSON-B when converted.
 * Throws {@link IllegalArgumentException} with a position on malformed input.
 */
final class JsonSlicer {
    private final String s;
    private int i;

    private JsonSlicer(String s) {
        this.s = s;
    }

    static Envelope envelope(String text) {
        JsonSlicer p = new JsonSlicer(text);
        Map<String, String> top = p.object();
        p.space();
        if (p.i != text.length()) {
            throw p.error("unexpected text after the JSON object");
        }
        List<String> args = List.of();
        Map<String, String> kwargs = Map.of();
        for (Map.Entry<String, String> member : top.entrySet()) {
            switch (member.getKey()) {
                case "args" -> args = array(member.getValue());
                case "kwargs" -> kwargs = kwargs(member.getValue());
                default -> throw new IllegalArgumentException("unknown key '" + member.getKey()
                        + "' in the payload (expected only \"args\" and \"kwargs\")");
            }
        }
        return new Envelope(args, kwargs);
    }

    private static List<String> array(String raw) {
        if (raw.equals("null")) {
            return List.of();
        }
        JsonSlicer p = new JsonSlicer(raw);
        p.space();
        if (p.peek() != '[') {
            throw new IllegalArgumentException("\"args\" must be a JSON array, not " + abbreviate(raw));
        }
        p.i++;
        List<String> values = new ArrayList<>();
        p.space();
        if (p.peek() == ']') {
            return List.of();
        }
        while (true) {
            values.add(p.value());
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

    private static Map<String, String> kwargs(String raw) {
        if (raw.equals("null")) {
            return Map.of();
        }
        JsonSlicer p = new JsonSlicer(raw);
        p.space();
        if (p.peek() != '{') {
            throw new IllegalArgumentException("\"kwargs\" must be a JSON object, not " + abbreviate(raw));
        }
        return p.object();
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

    /** @return the raw text of the value at the cursor, trimmed */
    private String value() {
        space();
        int start = i;
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '{' || c == '[') {
            int depth = 0;
            do {
                char d = peek();
                if (d == '"') {
                    string();
                    continue;
                }
                if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                }
                i++;
            } while (depth > 0);
        } else {
            while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            if (i == start) {
                throw error("expected a value");
            }
        }
        return s.substring(start, i);
    }

    private String string() {
        i++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw error("truncated \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    i += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private void space() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
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
