package io.gearmancdi.cdi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses configuration durations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}, or ISO-8601. */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws IllegalArgumentException with the accepted forms if {@code text} is none of them */
    static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (s.startsWith("-") && SHORT.matcher(s.substring(1).trim()).matches()) {
            throw negative(text);
        }
        if (s.startsWith("p") || s.startsWith("-p")) {
            try {
                Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
                if (d.isNegative()) {
                    throw negative(text);
                }
                return d;
            } catch (DateTimeParseException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration (use for example 500ms, 30s, 2m, 1h or "
                + "ISO-8601 PT30S)");
    }

    private static IllegalArgumentException negative(String text) {
        // a well-formed value with the wrong sign: saying "not a duration" would send the user looking for a typo
        return new IllegalArgumentException("'" + text + "' is negative: a duration must be zero or longer");
    }
}
