package io.gearmancdi.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The details of a failed job, sent in a {@code WORK_WARNING} before {@code WORK_FAIL} (or in a
 * {@code WORK_EXCEPTION}): the UTF-8 JSON object {@code {"type": "<class>", "message": "<text>"}} (docs/design.md,
 * "The wire format"), written and read without a JSON library so that the protocol layer stays dependency-free.
 *
 * @param type    the exception's class name, or {@code null} if the sender gave none (a foreign worker's plain text)
 * @param message the exception's message, or {@code null}
 */
public record ExceptionPayload(String type, String message) {

    /** @return the JSON bytes of this payload */
    public byte[] encode() {
        StringBuilder json = new StringBuilder(64).append("{\"type\":");
        appendString(json, type);
        json.append(",\"message\":");
        appendString(json, message);
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a payload. Anything that is not such a JSON object (a foreign worker may send plain text) becomes a
     * payload without type whose message is the text itself; this never throws.
     */
    public static ExceptionPayload decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            Reader reader = new Reader(text);
            return reader.readObject();
        } catch (RuntimeException e) {
            return new ExceptionPayload(null, text.isEmpty() ? null : text);
        }
    }

    /**
     * Reads a payload only if it is exactly the JSON object this class writes, with a type: how a client tells the
     * failure details a worker sends ahead of {@code WORK_FAIL} (in a {@code WORK_WARNING}) from an ordinary warning.
     *
     * @return the payload, or {@code null} if {@code bytes} is anything else
     */
    public static ExceptionPayload decodeFailure(byte[] bytes) {
        if (bytes.length < 10 || bytes[0] != '{') {
            return null; // the cheap common case: a plain-text warning
        }
        try {
            ExceptionPayload payload = new Reader(new String(bytes, StandardCharsets.UTF_8)).readObject();
            return payload.type() != null && !payload.type().isEmpty() ? payload : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void appendString(StringBuilder json, String value) {
        json.append(value == null ? "null" : quote(value));
    }

    /** @return {@code value} as a JSON string literal (quotes, backslashes and control characters escaped) */
    public static String quote(String value) {
        int clean = 0;
        while (clean < value.length() && !needsEscape(value.charAt(clean))) {
            clean++;
        }
        if (clean == value.length()) {
            return '"' + value + '"'; // the common case: one copy, no per-character appends
        }
        StringBuilder json = new StringBuilder(value.length() + 16).append('"').append(value, 0, clean);
        for (int i = clean; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '"' || c == '\\';
    }

    /** A reader of exactly the shape written above: an object of string-or-null members; others are skipped. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        ExceptionPayload readObject() {
            String type = null;
            String message = null;
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                i++;
            } else {
                while (true) {
                    skipSpace();
                    String key = readString();
                    skipSpace();
                    expect(':');
                    skipSpace();
                    String value = readValue();
                    if ("type".equals(key)) {
                        type = value;
                    } else if ("message".equals(key)) {
                        message = value;
                    }
                    skipSpace();
                    char c = s.charAt(i++);
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        throw new IllegalArgumentException("expected , or }");
                    }
                }
            }
            skipSpace();
            if (i != s.length()) {
                throw new IllegalArgumentException("trailing text");
            }
            return new ExceptionPayload(type, message);
        }

        private String readValue() {
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            if (peek() == '"') {
                return readString();
            }
            int start = i; // a number, boolean or nested value we do not need: keep its text
            int depth = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                } else if (c == '"') {
                    readString();
                    continue;
                }
                i++;
            }
            return s.substring(start, i).trim();
        }

        private String readString() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> out.append(e);
                }
            }
        }

        private char peek() {
            return s.charAt(i);
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new IllegalArgumentException("expected " + c);
            }
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
