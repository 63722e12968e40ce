package io.satbus.cli;

import io.satbus.core.topology.Durations;
import java.time.Duration;
import java.util.OptionalLong;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option as the topology file writes durations ({@link Durations}: {@code 500ms},
 * {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h}), or ISO-8601 ({@code PT10S}): one grammar
 * for every duration satbus reads, so {@code --grace 1.5s} is what {@code timeout: 1.5s} is.
 * Stateless.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(final String value) {
        final OptionalLong ms = Durations.parseMillis(value);
        if (ms.isPresent()) {
            return Duration.ofMillis(ms.getAsLong());
        }
        if (value.startsWith("PT") && !value.contains("-")) {
            try {
                return Duration.parse(value);
            } catch (java.time.format.DateTimeParseException ex) {
                // said below
            }
        }
        throw new TypeConversionException("'" + value + "' is not a duration (expected: a duration such as 500ms, 10s,"
            + " 1.5s, 2m or 1h)");
    }
}
