package io.satbus.core.topology;

import java.math.BigDecimal;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as topology files write them: a number and a binary unit, {@code "100B"},
 * {@code "512KiB"}, {@code "16MiB"}, {@code "1.5GiB"}. A bare integer (a YAML number) means bytes;
 * the loader handles that case itself.
 *
 * <p>Stateless and thread-safe.
 */
public final class ByteSizes {
    /** The accepted forms, for the "expected" part of messages: "a size such as " + FORMS. */
    public static final String FORMS = "100B, 512KiB, 16MiB or 1GiB, or an integer in bytes";

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KiB|MiB|GiB)");
    private static final Map<String, Long> BYTES_PER_UNIT = Map.of("B", 1L, "KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30);

    private ByteSizes() {
    }

    /** {@code bytes} as a topology file would write it: {@code 16MiB}, {@code 1536KiB}, {@code 1000B}. */
    public static String format(final long bytes) {
        final String[] units = {"GiB", "MiB", "KiB"};
        for (final String unit : units) {
            final long per = BYTES_PER_UNIT.get(unit);
            if (bytes >= per && bytes % per == 0) {
                return bytes / per + unit;
            }
        }
        return bytes + "B";
    }

    /**
     * The bytes {@code text} stands for, or empty when it is not a size, not a whole number of
     * bytes, or too large for a {@code long}. Never negative.
     */
    public static OptionalLong parseBytes(final String text) {
        final Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        final BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(BYTES_PER_UNIT.get(m.group(2))));
        try {
            return OptionalLong.of(bytes.stripTrailingZeros().longValueExact());
        } catch (ArithmeticException fractionOrOverflow) {
            return OptionalLong.empty();
        }
    }
}
