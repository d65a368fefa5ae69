package io.gearmancdi.json;

import io.gearmancdi.protocol.ExceptionPayload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Type;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Exact fast paths for the JSON of the most common job arguments and results: strings, integers and booleans. They
 * give the same text and the same values as JSON-B, without its per-call set-up (a generator or parser and a
 * serialization context per value), which dominated the cost of small payloads. Everything else goes to JSON-B.
 */
final class JsonScalars {
    /** Returned by {@link #read} when the fast path does not apply. */
    static final Object NOT_HANDLED = new Object();

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

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

    /** @return the UTF-8 JSON of {@code value}, or {@code null} if it is not a type handled here */
    static byte[] writeUtf8(Object value) {
        if (value instanceof String s) {
            // encode first, then scan the bytes: String.getBytes is vectorised, a per-char loop with appends is not
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (needsEscape(utf8, 0, utf8.length)) {
                return quote(s).getBytes(StandardCharsets.UTF_8);
            }
            byte[] json = new byte[utf8.length + 2];
            json[0] = '"';
            System.arraycopy(utf8, 0, json, 1, utf8.length);
            json[json.length - 1] = '"';
            return json;
        }
        String text = write(value);
        return text == null ? null : text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The fast path of a UTF-8 JSON string literal without escapes (by far the most common string result).
     *
     * @return the string, or {@link #NOT_HANDLED} for anything else
     */
    static Object readUtf8(byte[] json, Type type) {
        int last = json.length - 1;
        if (type == String.class && last >= 1 && json[0] == '"' && json[last] == '"'
                && !needsEscape(json, 1, last)) {
            return new String(json, 1, last - 1, StandardCharsets.UTF_8);
        }
        return NOT_HANDLED;
    }

    /**
     * @return whether UTF-8 bytes hold a quote, a backslash or a control character (bytes of multi-byte characters
     * are negative and never match). Eight bytes per step (SWAR): payloads of many kilobytes are scanned twice per job.
     */
    static boolean needsEscape(byte[] utf8, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(utf8, i);
            if ((anyBelow(x, 0x20) | anyZero(x ^ (ONES * '"')) | anyZero(x ^ (ONES * '\\'))) != 0) {
                return true;
            }
        }
        for (; i < to; i++) {
            byte b = utf8[i];
            if (b == '"' || b == '\\' || b >= 0 && b < 0x20) {
                return true;
            }
        }
        return false;
    }

    /** Non-zero iff a byte of {@code x} is zero (exact as a boolean: a borrow needs a zero byte below it). */
    private static long anyZero(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** Non-zero iff a byte of {@code x} is below {@code n} (n &lt;= 128), bytes &gt;= 0x80 excluded by {@code ~x}. */
    private static long anyBelow(long x, int n) {
        return (x - ONES * n) & ~x & HIGHS;
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
    static Object unquote(String text) {
        int end = text.length() - 1;
        if (end < 1 || text.charAt(end) != '"') {
            return NOT_HANDLED;
        }
        String inner = text.substring(1, end);
        // the common case, no escapes: checked eight bytes at a time on a Latin-1 copy (chars above 0xFF become '?',
        // which needs no escape), several times faster than a per-char loop on kilobyte strings
        byte[] latin1 = inner.getBytes(StandardCharsets.ISO_8859_1);
        if (!needsEscape(latin1, 0, latin1.length)) {
            return inner;
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
                    int code = 0;
                    for (int k = i + 1; k <= i + 4; k++) {
                        char h = text.charAt(k);
                        if (!JsonSyntax.isHex(h)) {
                            return NOT_HANDLED; // Integer.parseInt would take fullwidth and other Unicode digits
                        }
                        code = code << 4 | Character.digit(h, 16);
                    }
                    out.append((char) code);
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
