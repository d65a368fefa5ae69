package io.gearmancdi.dashboard.internal;

import java.time.Instant;

/**
 * A minimal JSON writer for the dashboard's API. Strings escape {@code <}, {@code >}, {@code &} and {@code '} as
 * {@code \}{@code uXXXX} besides what JSON requires, so that a hostile job name, argument or error message stays inert
 * even where a response is mistaken for HTML; the page itself puts every value into the DOM as text.
 */
public final class Json {
    private final StringBuilder out = new StringBuilder(256);
    private boolean needsComma;

    /** Starts an object. */
    public Json object() {
        comma();
        out.append('{');
        needsComma = false;
        return this;
    }

    /** Ends an object. */
    public Json end() {
        out.append('}');
        needsComma = true;
        return this;
    }

    /** Starts an array. */
    public Json array() {
        comma();
        out.append('[');
        needsComma = false;
        return this;
    }

    /** Ends an array. */
    public Json endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    /** Writes a member name; the value follows. */
    public Json name(String name) {
        comma();
        string(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    /** Writes a string value, or {@code null}. */
    public Json value(String value) {
        comma();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needsComma = true;
        return this;
    }

    /** Writes a number value, or {@code null}. */
    public Json value(Number value) {
        comma();
        out.append(value == null ? "null" : value.toString());
        needsComma = true;
        return this;
    }

    /** Writes a boolean value. */
    public Json value(boolean value) {
        comma();
        out.append(value);
        needsComma = true;
        return this;
    }

    /** Writes an instant as an ISO-8601 string, or {@code null}. */
    public Json value(Instant value) {
        return value(value == null ? null : value.toString());
    }

    /** Writes a member with a string value. */
    public Json member(String name, String value) {
        return name(name).value(value);
    }

    /** Writes a member with a number value. */
    public Json member(String name, Number value) {
        return name(name).value(value);
    }

    /** Writes a member with a boolean value. */
    public Json member(String name, boolean value) {
        return name(name).value(value);
    }

    /** Writes a member with an instant value. */
    public Json member(String name, Instant value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void comma() {
        if (needsComma) {
            out.append(',');
            needsComma = false;
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'' || c == '\u2028'
                            || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
