package io.gearmancdi.json;

import io.gearmancdi.protocol.ExceptionPayload;

import java.lang.reflect.Type;

/**
 * Exact fast paths for the JSON of the most common job arguments and results: strings, integers and booleans. They
 * give the same text and the same values as JSON-B, without its per-call set-up (a generator or parser and a
 * serialization context per value), which dominated the cost of small payloads. Everything else goes to JSON-B.
 */
final class JsonScalars {
    /** Returned by {@link #read} when the fast path does not apply. */
    static final Object NOT_HANDLED = new Object();

    private JsonScalars() {
    }

    /** @return the JSON of {@code value}, or {@code null} if it is not a type handled here */
    static String write(Object value) {
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Boolean) {
            return value.toString();
        }
        return null;
    }

    /** @return {@code raw} read as {@code type}, or {@link #NOT_HANDLED} */
    static Object read(String raw, Type type) {
        String text = raw.trim();
        if (text.isEmpty()) {
            return NOT_HANDLED;
        }
        if (type == String.class) {
            return text.charAt(0) == '"' ? unquote(text) : NOT_HANDLED;
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            if (!isPlainInteger(text)) {
                return NOT_HANDLED;
            }
            try {
                long n = Long.parseLong(text);
                if (type == long.class || type == Long.class) {
                    return n;
                }
                return n == (int) n ? (Object) (int) n : NOT_HANDLED;
            } catch (NumberFormatException e) {
                return NOT_HANDLED; // out of range: JSON-B says why
            }
        }
        if (type == boolean.class || type == Boolean.class) {
            return text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : NOT_HANDLED;
        }
        return NOT_HANDLED;
    }

    static String quote(String s) {
        return ExceptionPayload.quote(s);
    }

    /** @return the string of a JSON string literal, or {@link #NOT_HANDLED} if it is not exactly one */
    private static Object unquote(String text) {
        int end = text.length() - 1;
        if (end < 1 || text.charAt(end) != '"') {
            return NOT_HANDLED;
        }
        StringBuilder out = null;
        for (int i = 1; i < end; i++) {
            char c = text.charAt(i);
            if (c == '"' || c < 0x20) {
                return NOT_HANDLED; // not a single literal, or invalid: let JSON-B report it
            }
            if (c != '\\') {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(end).append(text, 1, i);
            }
            if (++i >= end) {
                return NOT_HANDLED;
            }
            char e = text.charAt(i);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 >= end) {
                        return NOT_HANDLED;
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException ex) {
                        return NOT_HANDLED;
                    }
                    i += 4;
                }
                default -> {
                    return NOT_HANDLED;
                }
            }
        }
        return out == null ? text.substring(1, end) : out.toString();
    }

    private static boolean isPlainInteger(String text) {
        int start = text.charAt(0) == '-' ? 1 : 0;
        if (start == text.length() || text.length() - start > 19) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
