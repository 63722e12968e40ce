package io.satbus.satellites.api;

import io.satbus.core.topology.ByteSizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
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
    private final String prefix;
    private final Map<String, Object> values;

    private SatelliteConfig(final String prefix, final Map<String, Object> values) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values == null ? Map.of() : values));
    }

    /** The configuration of satellite {@code satellite}, as read from the topology file. */
    public static SatelliteConfig of(final String satellite, final Map<String, Object> values) {
        return new SatelliteConfig("satellites." + Objects.requireNonNull(satellite, "satellite") + ".config", values);
    }

    /**
     * A list of maps, each as a configuration of its own whose errors name its place
     * ({@code satellites.fetch.config.resources[1].url}); empty when the key is absent.
     */
    public List<SatelliteConfig> sections(final String key) {
        final Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw invalid(key, v, "a list of maps");
        }
        final List<SatelliteConfig> sections = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            final Object item = list.get(i);
            if (!(item instanceof Map<?, ?> map)) {
                throw invalid(key + "[" + i + "]", item, "a map");
            }
            final Map<String, Object> entries = new LinkedHashMap<>();
            map.forEach((k, value) -> entries.put(String.valueOf(k), value));
            sections.add(new SatelliteConfig(where(key) + "[" + i + "]", entries));
        }
        return sections;
    }

    /** A map of strings to strings (numbers and booleans as their text); the default when absent. */
    public Map<String, String> strings(final String key, final Map<String, String> defaultValue) {
        final Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw invalid(key, v, "a map of strings");
        }
        final Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            final Object value = e.getValue();
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw invalid(key + "." + e.getKey(), value, "string");
            }
            result.put(String.valueOf(e.getKey()), value.toString());
        }
        return Collections.unmodifiableMap(result);
    }

    /** A size in bytes: an integer, or a string with a binary unit ({@code 512KiB}, {@code 16MiB}). */
    public long bytes(final String key, final long defaultValue) {
        final Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Integer || v instanceof Long) {
            final long n = ((Number) v).longValue();
            if (n < 0) {
                throw invalid(key, v, "size >= 0");
            }
            return n;
        }
        if (v instanceof String s) {
            final OptionalLong n = ByteSizes.parseBytes(s);
            if (n.isPresent()) {
                return n.getAsLong();
            }
        }
        throw invalid(key, v, "a size such as " + ByteSizes.FORMS);
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

    /** {@code satellites.<name>.config.<key>} (inside a section: {@code ...config.<list>[i].<key>}). */
    public String where(final String key) {
        return prefix + "." + key;
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
        return "SatelliteConfig[" + prefix + " " + values + "]";
    }
}
