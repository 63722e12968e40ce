package io.satbus.core.topology;

import java.math.BigDecimal;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as topology files and the command line write them: a number and a unit,
 * {@code "250ms"}, {@code "5s"}, {@code "1.5s"}, {@code "2m"}, {@code "1h"}. A bare integer
 * (a YAML number, not a string) means milliseconds; the loader handles that case itself.
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {
    /** The accepted forms, for the "expected" part of messages: "a duration such as " + FORMS. */
    public static final String FORMS = "250ms, 5s, 1.5s, 2m or 1h, or an integer in milliseconds";

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
    private static final Map<String, Long> MS_PER_UNIT = Map.of("ms", 1L, "s", 1000L, "m", 60_000L, "h", 3_600_000L);

    private Durations() {
    }

    /**
     * The milliseconds {@code text} stands for, or empty when it is not a duration or not a whole
     * number of milliseconds ({@code "0.5ms"}) or too long for a {@code long}. Never negative.
     */
    public static OptionalLong parseMillis(final String text) {
        final Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        final BigDecimal ms = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(MS_PER_UNIT.get(m.group(2))));
        try {
            return OptionalLong.of(ms.stripTrailingZeros().longValueExact());
        } catch (ArithmeticException fractionOrOverflow) {
            return OptionalLong.empty();
        }
    }
}
