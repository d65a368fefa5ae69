package io.gearmancdi.json;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A strict RFC 8259 syntax check of one JSON value, in one linear pass and without recursion, so that the JSON-B
 * implementation only ever sees well-formed text of bounded depth. Some implementations loop forever on mismatched
 * brackets or overflow the stack on deep nesting; whatever they do with bad input, they never get it. Beyond the RFC
 * it refuses duplicate member names (which implementations resolve differently) and nesting deeper than a limit.
 * Throws {@link IllegalArgumentException} with the position on the first problem. The same scanner reads the request
 * envelope for {@link JsonSlicer} (its cursor methods are package-private), so strings, whitespace and the end of the
 * text are scanned in one place.
 */
final class JsonSyntax {
    private final String s;
    private final int maxDepth;
    /** What the text is called in "unexpected end of ..." messages. */
    private final String textName;
    private int i;
    /** The container stack: open arrays and objects, with the member names seen in each object. */
    private boolean[] isObject;
    private List<Set<String>> names;

    private JsonSyntax(String s, int from, int maxDepth, String textName) {
        this.s = s;
        this.i = from;
        this.maxDepth = maxDepth;
        this.textName = textName;
    }

    /**
     * Checks that {@code text} is exactly one JSON value, with nothing but whitespace around it.
     *
     * @throws IllegalArgumentException naming what is wrong and where
     */
    static void checkDocument(String text, int maxDepth) {
        JsonSyntax p = new JsonSyntax(text, 0, maxDepth, "the JSON text");
        p.value();
        p.space();
        if (!p.atEnd()) {
            throw p.error("unexpected text after the JSON value");
        }
    }

    /**
     * A scanner at the start of {@code text}, for a reader that walks a JSON structure of its own.
     *
     * @param maxDepth how deep each value read by {@link #rawValue()} may nest arrays and objects
     * @param textName what the text is called in error messages, e.g. "the payload"
     */
    static JsonSyntax scanner(String text, int maxDepth, String textName) {
        return new JsonSyntax(text, 0, maxDepth, textName);
    }

    /**
     * Checks the JSON value at the cursor (after optional whitespace) and moves past it.
     *
     * @return its raw text
     * @throws IllegalArgumentException naming what is wrong and where
     */
    String rawValue() {
        space();
        int start = i;
        value();
        return s.substring(start, i);
    }

    /**
     * Reads the string literal at the cursor as a member name.
     *
     * @return its decoded text
     * @throws IllegalArgumentException if there is no well-formed string literal at the cursor
     */
    String memberName() {
        if (peek() != '"') {
            throw error("expected a member name");
        }
        int start = i;
        if (!string()) {
            return s.substring(start + 1, i - 1);
        }
        Object decoded = JsonScalars.unquote(s.substring(start, i));
        if (decoded == JsonScalars.NOT_HANDLED) {
            throw new IllegalArgumentException("bad string literal at character " + start + " of "
                    + JsonSlicer.abbreviate(s));
        }
        return (String) decoded;
    }

    /** Moves past the value at the cursor, checking it in full: one loop over an explicit stack, no recursion. */
    private void value() {
        int depth = 0;
        while (true) {
            // a value is expected at the cursor
            space();
            char c = peek();
            if (c == '{' || c == '[') {
                if (depth == maxDepth) {
                    throw error("JSON nested deeper than " + maxDepth + " levels");
                }
                push(depth++, c == '{');
                i++;
                space();
                if (peek() == (c == '{' ? '}' : ']')) {
                    i++;
                    depth--;
                } else if (c == '{') {
                    member(depth);
                    continue;
                } else {
                    continue;
                }
            } else if (c == '"') {
                string();
            } else if (c == '-' || c >= '0' && c <= '9') {
                number();
            } else if (c == 't') {
                literal("true");
            } else if (c == 'f') {
                literal("false");
            } else if (c == 'n') {
                literal("null");
            } else {
                throw error("expected a JSON value");
            }
            // a value ended: close containers or move to the next element or member
            while (true) {
                if (depth == 0) {
                    return;
                }
                space();
                char d = next();
                boolean object = isObject[depth - 1];
                if (d == ',') {
                    if (object) {
                        space();
                        member(depth);
                    }
                    break;
                }
                if (d != (object ? '}' : ']')) {
                    i--;
                    throw error(object ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array");
                }
                if (object) {
                    names.set(depth - 1, null);
                }
                depth--;
            }
        }
    }

    private void push(int depth, boolean object) {
        if (isObject == null) {
            isObject = new boolean[Math.min(maxDepth, 16)];
        } else if (depth == isObject.length) {
            isObject = java.util.Arrays.copyOf(isObject, Math.min(maxDepth, depth * 2));
        }
        isObject[depth] = object;
    }

    /** Reads a member name and its colon at the cursor, refusing a name seen before in the same object. */
    private void member(int depth) {
        int start = i;
        String name = memberName();
        if (names == null) {
            names = new ArrayList<>();
        }
        while (names.size() < depth) {
            names.add(null);
        }
        Set<String> seen = names.get(depth - 1);
        if (seen == null) {
            seen = new HashSet<>();
            names.set(depth - 1, seen);
        }
        if (!seen.add(name)) {
            i = start;
            throw error("member name \"" + JsonSlicer.abbreviate(name) + "\" appears twice in one object");
        }
        space();
        if (next() != ':') {
            i--;
            throw error("expected ':' after a member name");
        }
    }

    /**
     * Moves past the string literal at the cursor: every character looked at once, escapes checked.
     *
     * @return whether it holds an escape
     */
    private boolean string() {
        int start = i;
        boolean escaped = false;
        int n = s.length();
        for (int k = i + 1; k < n; k++) {
            char c = s.charAt(k);
            if (c == '"') {
                i = k + 1;
                return escaped;
            }
            if (c < 0x20) {
                i = k;
                throw error("unescaped control character U+" + hex4(c) + " in a string");
            }
            if (c == '\\') {
                escaped = true;
                if (++k >= n) {
                    break;
                }
                char e = s.charAt(k);
                if (e == 'u') {
                    if (k + 4 >= n || !isHex(s.charAt(k + 1)) || !isHex(s.charAt(k + 2)) || !isHex(s.charAt(k + 3))
                            || !isHex(s.charAt(k + 4))) {
                        i = k - 1;
                        throw error("bad \\u escape (four hex digits 0-9, a-f expected)");
                    }
                    k += 4;
                } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
                        && e != 't') {
                    i = k - 1;
                    throw error("bad escape \\" + e);
                }
            }
        }
        i = start;
        throw error("unterminated string");
    }

    /** ASCII hex digits only: {@link Character#digit} would also take fullwidth and other Unicode digits. */
    static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static String hex4(char c) {
        String h = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
        return "0".repeat(4 - h.length()) + h;
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?} */
    private void number() {
        int start = i;
        int n = s.length();
        if (s.charAt(i) == '-') {
            i++;
        }
        if (i < n && s.charAt(i) == '0') {
            i++;
        } else if (digits() == 0) {
            i = start;
            throw error("bad number");
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            if (digits() == 0) {
                i = start;
                throw error("bad number (digits expected after '.')");
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (digits() == 0) {
                i = start;
                throw error("bad number (digits expected in the exponent)");
            }
        }
        if (i < n && isWordChar(s.charAt(i))) {
            i = start;
            throw error("bad number");
        }
    }

    private int digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - start;
    }

    private void literal(String word) {
        if (!s.startsWith(word, i) || i + word.length() < s.length() && isWordChar(s.charAt(i + word.length()))) {
            throw error("expected a JSON value (true, false, null, a number, a string, an array or an object)");
        }
        i += word.length();
    }

    /** Characters that may not directly follow a number or literal (so that {@code 12abc} or {@code truex} fail). */
    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '+' || c == '-' || c == '_';
    }

    /** Moves past JSON whitespace only: space, tab, line feed, carriage return. */
    void space() {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    /** @return whether the cursor is past the last character */
    boolean atEnd() {
        return i >= s.length();
    }

    /** @return the character at the cursor, without moving */
    char peek() {
        if (atEnd()) {
            throw error("unexpected end of " + textName);
        }
        return s.charAt(i);
    }

    /** @return the character at the cursor, moving past it */
    char next() {
        char c = peek();
        i++;
        return c;
    }

    /** @return an error naming {@code what} is wrong at the cursor */
    IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + i + " of " + JsonSlicer.abbreviate(s));
    }
}
