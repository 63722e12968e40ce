package io.satbus.satellites.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration strings of topology files. Stateless. */
final class Durations {
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /** The duration {@code text} denotes, or null when it is not one. */
    static Duration parse(final String text) {
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        final Matcher m = WITH_UNIT.matcher(text);
        if (!m.matches()) {
            return null;
        }
        final BigDecimal n = new BigDecimal(m.group(1));
        final String unit = m.group(2) == null ? "ms" : m.group(2);
        final long millisPerUnit = switch (unit) {
            case "s" -> 1000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 1L;
        };
        return Duration.ofMillis(n.multiply(BigDecimal.valueOf(millisPerUnit)).longValue());
    }
}
