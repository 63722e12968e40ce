package io.satbus.satellites.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A satellite's {@code config} section with typed accessors. Each accessor returns the default
 * when the key is absent (or null) and throws {@link IllegalArgumentException} when the value
 * has the wrong type, naming where it is, what was found and what was expected:
 * <pre>satellites.gen.config.count : "lots" (expected: integer)</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SatelliteConfig {
    private final String satellite;
    private final Map<String, Object> values;

    private SatelliteConfig(final String satellite, final Map<String, Object> values) {
        this.satellite = Objects.requireNonNull(satellite, "satellite");
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values == null ? Map.of() : values));
    }

    /** The configuration of satellite {@code satellite}, as read from the topology file. */
    public static SatelliteConfig of(final String satellite, final Map<String, Object> values) {
        return new SatelliteConfig(satellite, values);
    }

    /** The keys present. */
    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(final String key) {
        return values.get(key) != null;
    }

    /** A string; numbers and booleans are given as their text. */
    public String string(final String key, final String defaultValue) {
        final Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw invalid(key, v, "string");
    }

    /** An int: an Integer, a Long in range, or a string of digits. */
    public int integer(final String key, final int defaultValue) {
        final long v = longInteger(key, defaultValue);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw invalid(key, values.get(key), "integer in " + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** A long: an Integer, a Long, or a string of digits. */
    public long longInteger(final String key, final long defaultValue) {
        final Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw invalid(key, v, "integer");
            }
        }
        throw invalid(key, v, "integer");
    }

    /** A number, integral or not: a Number or a numeric string. */
    public double decimal(final String key, final double defaultValue) {
        final Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw invalid(key, v, "number");
            }
        }
        throw invalid(key, v, "number");
    }

    /** A boolean: a Boolean, or one of the strings true/false/yes/no/on/off. */
    public boolean bool(final String key, final boolean defaultValue) {
        final Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on": return true;
                case "false", "no", "off": return false;
                default: break;
            }
        }
        throw invalid(key, v, "boolean (true/false)");
    }

    /**
     * A duration: an integer is milliseconds; a string is a number with a unit
     * ({@code 250ms}, {@code 2s}, {@code 1.5m}, {@code 1h}), digits alone (milliseconds) or
     * ISO-8601 ({@code PT2S}).
     */
    public Duration duration(final String key, final Duration defaultValue) {
        final Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Integer || v instanceof Long) {
            return checkedNonNegative(key, v, Duration.ofMillis(((Number) v).longValue()));
        }
        if (v instanceof String s) {
            final Duration d = Durations.parse(s.trim());
            if (d != null) {
                return checkedNonNegative(key, v, d);
            }
        }
        throw invalid(key, v, "duration such as 250ms, 2s, 1m, 1h or milliseconds");
    }

    private Duration checkedNonNegative(final String key, final Object raw, final Duration d) {
        if (d.isNegative()) {
            throw invalid(key, raw, "duration >= 0");
        }
        return d;
    }

    /**
     * The exception for a value of {@code key} that is present but wrong; satellites use it for
     * their own checks (ranges, choices) so every configuration error reads the same.
     */
    public IllegalArgumentException invalid(final String key, final Object found, final String expected) {
        return new IllegalArgumentException(where(key) + " : " + quoted(found) + " (expected: " + expected + ")");
    }

    /** {@code satellites.<name>.config.<key>}. */
    public String where(final String key) {
        return "satellites." + satellite + ".config." + key;
    }

    private static String quoted(final Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String) {
            return "\"" + v + "\"";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof java.util.List) {
            return "list " + v;
        }
        if (v instanceof Map) {
            return "map " + v;
        }
        return v.getClass().getSimpleName() + " " + v;
    }

    @Override
    public String toString() {
        return "SatelliteConfig[" + satellite + " " + values + "]";
    }
}
