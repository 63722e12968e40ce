package io.satbus.satellites.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Parses the duration strings of a satellite's config: the topology's grammar
 * ({@link io.satbus.core.topology.Durations}: {@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 1h}),
 * a bare number of milliseconds, or ISO-8601 ({@code PT5S}). Stateless.
 */
final class Durations {
    private static final Pattern MILLIS = Pattern.compile("\\d+");

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
        if (MILLIS.matcher(text).matches()) {
            return Duration.ofMillis(Long.parseLong(text));
        }
        final OptionalLong ms = io.satbus.core.topology.Durations.parseMillis(text);
        return ms.isPresent() ? Duration.ofMillis(ms.getAsLong()) : null;
    }
}
