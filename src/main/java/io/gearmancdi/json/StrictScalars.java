package io.gearmancdi.json;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Exact conversion of JSON numbers, booleans and one-character strings to Java scalars: a value that does not fit is
 * refused, never wrapped, truncated, rounded to infinity or zero, or read from a prefix. JSON-B implementations
 * differ here (and Yasson narrows {@code 4294967297} to {@code 1} and {@code 1.9} to {@code 1}), so these types are
 * never left to them.
 *
 * <p>Rules: integer types take any JSON number whose value is an integer in range, also written as {@code 2.0} or
 * {@code 2e3}; {@code float}/{@code double} take any number whose value is finite and not rounded to zero;
 * {@code BigInteger}/{@code BigDecimal} take numbers of at most {@value #MAX_DIGITS} characters (and a
 * {@code BigInteger} of at most that many digits, exponent included); {@code boolean} takes {@code true} and
 * {@code false}; {@code char} takes a string of exactly one UTF-16 unit. Nothing else: no text around a number in a
 * string ({@code "12abc"}, {@code " 12"}), no numbers or strings for booleans.
 */
final class StrictScalars {
    /** Longest number text, and most digits of a {@code BigInteger}, accepted: beyond it parsing is superlinear. */
    static final int MAX_DIGITS = 4096;

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(int.class, Integer.class, long.class, Long.class,
            short.class, Short.class, byte.class, Byte.class, double.class, Double.class, float.class, Float.class,
            boolean.class, Boolean.class, char.class, Character.class);
    /** Every type converted here: the primitives, their boxes, {@code BigInteger} and {@code BigDecimal}. */
    private static final Set<Class<?>> HANDLED = handled();

    private StrictScalars() {
    }

    /** @return whether values of this type are converted here */
    static boolean handles(Type type) {
        return type instanceof Class<?> c && HANDLED.contains(c);
    }

    private static Set<Class<?>> handled() {
        Set<Class<?>> types = new HashSet<>(BOXES.keySet());
        types.addAll(BOXES.values());
        types.add(BigInteger.class);
        types.add(BigDecimal.class);
        return Set.copyOf(types);
    }

    /**
     * @param json a well-formed JSON value, not {@code null}
     * @param type a type for which {@link #handles} is true
     * @return the value
     * @throws IllegalArgumentException saying why the value does not fit
     */
    static Object read(String json, Class<?> type) {
        String text = json.trim();
        Class<?> boxed = BOXES.getOrDefault(type, type);
        if (boxed == Boolean.class) {
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
            throw new IllegalArgumentException("expected true or false, not " + kind(text));
        }
        if (boxed == Character.class) {
            Object s = text.startsWith("\"") ? JsonScalars.unquote(text) : JsonScalars.NOT_HANDLED;
            if (s instanceof String one && one.length() == 1) {
                return one.charAt(0);
            }
            throw new IllegalArgumentException("expected a string of one character, not " + kind(text));
        }
        if (text.startsWith("\"")) {
            // a number in a string: how JavaScript sends integers beyond 2^53 and many senders exact decimals
            Object inner = JsonScalars.unquote(text);
            if (!(inner instanceof String number) || !isJsonNumber(number)) {
                throw new IllegalArgumentException("expected a JSON number (or a string holding exactly one), not "
                        + kind(text));
            }
            text = number;
        } else if (!startsLikeNumber(text)) {
            throw new IllegalArgumentException("expected a JSON number, not " + kind(text));
        }
        if (text.length() > MAX_DIGITS) {
            throw new IllegalArgumentException("number of " + text.length() + " characters is longer than the "
                    + MAX_DIGITS + " accepted");
        }
        if (boxed == Double.class || boxed == Float.class) {
            return floating(text, boxed == Float.class);
        }
        if (boxed == BigDecimal.class) {
            return decimal(text);
        }
        if (boxed == BigInteger.class) {
            return bigInteger(text);
        }
        long n = integral(text);
        if (boxed == Long.class) {
            return n;
        }
        if (boxed == Integer.class && n == (int) n) {
            return (int) n;
        }
        if (boxed == Short.class && n == (short) n) {
            return (short) n;
        }
        if (boxed == Byte.class && n == (byte) n) {
            return (byte) n;
        }
        throw outOfRange(text, boxed);
    }

    private static boolean startsLikeNumber(String text) {
        return !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) >= '0' && text.charAt(0) <= '9');
    }

    /** @return whether the text is exactly one JSON number, nothing around it */
    private static boolean isJsonNumber(String text) {
        if (!startsLikeNumber(text) || text.length() > MAX_DIGITS) {
            return false;
        }
        char last = text.charAt(text.length() - 1);
        if (last < '0' || last > '9') {
            return false;
        }
        try {
            JsonSyntax.checkDocument(text, 1);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Object floating(String text, boolean single) {
        // the text is a JSON number, which Java's grammar includes
        if (single) {
            float f = Float.parseFloat(text);
            if (Float.isInfinite(f)) {
                throw outOfRange(text, Float.class);
            }
            if (f == 0 && nonZero(text)) {
                throw new IllegalArgumentException(text + " is too close to zero for a float (it would become 0)");
            }
            return f;
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            throw outOfRange(text, Double.class);
        }
        if (d == 0 && nonZero(text)) {
            throw new IllegalArgumentException(text + " is too close to zero for a double (it would become 0)");
        }
        return d;
    }

    /** @return whether the mantissa of a JSON number has a non-zero digit */
    private static boolean nonZero(String text) {
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(text + " has an exponent out of range", e);
        }
    }

    private static boolean isPlainInteger(String text) {
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '.' || c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    private static BigInteger bigInteger(String text) {
        if (isPlainInteger(text)) {
            return new BigInteger(text);
        }
        BigDecimal d = exactIntegral(text, BigInteger.class);
        if (d.precision() - d.scale() > MAX_DIGITS) {
            throw new IllegalArgumentException(text + " has more than " + MAX_DIGITS + " digits");
        }
        return d.toBigIntegerExact();
    }

    private static long integral(String text) {
        int digits = text.charAt(0) == '-' ? text.length() - 1 : text.length();
        if (isPlainInteger(text)) {
            if (digits > 19) {
                throw outOfRange(text, Long.class);
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw outOfRange(text, Long.class);
            }
        }
        BigDecimal d = exactIntegral(text, Long.class);
        // compareTo looks at the magnitudes first, so 1e999999999 costs nothing
        if (d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0
                || d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw outOfRange(text, Long.class);
        }
        return d.longValueExact();
    }

    /** @return the number, checked to be an integer (2.0 and 2e3 are; 1.9 and 1e-3 are not) */
    private static BigDecimal exactIntegral(String text, Class<?> type) {
        BigDecimal d = decimal(text);
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(text + " is not an integer, so it cannot be a " + name(type)
                    + " (fractions are never truncated)");
        }
        return d;
    }

    private static IllegalArgumentException outOfRange(String text, Class<?> type) {
        return new IllegalArgumentException(JsonSlicer.abbreviate(text) + " is out of range for " + name(type));
    }

    private static String name(Class<?> boxed) {
        for (Map.Entry<Class<?>, Class<?>> e : BOXES.entrySet()) {
            if (e.getValue() == boxed) {
                return e.getKey().getName();
            }
        }
        return boxed.getSimpleName();
    }

    /** @return what a JSON value is, for messages */
    static String kind(String text) {
        if (text.isEmpty()) {
            return "nothing";
        }
        String what = switch (text.charAt(0)) {
            case '"' -> "a string";
            case '{' -> "an object";
            case '[' -> "an array";
            case 't', 'f' -> "a boolean";
            case 'n' -> "null";
            default -> "a number";
        };
        return what + " (" + JsonSlicer.abbreviate(text) + ")";
    }
}
