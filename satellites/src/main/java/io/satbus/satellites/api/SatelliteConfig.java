package io.satbus.satellites.api;

import io.satbus.core.topology.ByteSizes;
import io.satbus.core.topology.ConfigProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A satellite's {@code config} section with typed accessors. Each accessor returns the default
 * when the key is absent (or null) and throws {@link IllegalArgumentException} when the value
 * has the wrong type, naming where it is, what was found and what was expected:
 * <pre>satellites.gen.config.count : "lots" (expected: integer)</pre>
 *
 * <p>It remembers which keys were asked for, so that a check of the topology
 * ({@link #checking}) can report the keys a satellite never reads as unknown. A checking
 * configuration does not throw on a wrong value: it records the problem and returns the
 * default, so that every wrong value of a section is reported at once.
 *
 * <p>The values are immutable; thread-safe.
 */
public final class SatelliteConfig {
    private final String prefix;
    /** {@link #prefix} below {@code config}: "" or {@code "resources[1]."}. */
    private final String relative;
    private final Map<String, Object> values;
    private final Set<String> read = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The sections {@link #sections} handed out, whose unread keys are this configuration's too. */
    private final List<SatelliteConfig> handedOut = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Problems recorded instead of thrown, or null when wrong values throw. */
    private final List<ConfigProblem> problems;
    /** The exceptions {@link #invalid} made while checking, whose problems are recorded already. */
    private final Set<Throwable> issued = Collections.newSetFromMap(java.util.Collections.synchronizedMap(
        new java.util.IdentityHashMap<>()));

    private SatelliteConfig(final String prefix, final String relative, final Map<String, Object> values,
                            final List<ConfigProblem> problems) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.relative = relative;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values == null ? Map.of() : values));
        this.problems = problems;
    }

    /** The configuration of satellite {@code satellite}, as read from the topology file. */
    public static SatelliteConfig of(final String satellite, final Map<String, Object> values) {
        return new SatelliteConfig(prefix(satellite), "", values, null);
    }

    /**
     * The problems of {@code values}, satellite {@code satellite}'s config, as {@code read} reads it
     * (the satellite's own reading, as at start): every wrong value, with where it was and what
     * was expected, and, when the reading went to its end, every key it never asked for. Nothing
     * is thrown for a wrong value; an exception {@code read} throws of its own ends the reading
     * and is one more problem. What {@code satbus validate} reports before anything starts, and a
     * satellite's tests may ask too.
     */
    public static List<ConfigProblem> problemsOf(final String satellite, final Map<String, Object> values,
                                                 final Consumer<SatelliteConfig> read) {
        final SatelliteConfig config = checking(satellite, values);
        final List<ConfigProblem> out = new ArrayList<>();
        boolean complete = true;
        try {
            read.accept(config);
        } catch (RuntimeException ex) {
            complete = false;
            if (!config.recorded(ex)) {
                out.add(said(config.prefix, String.valueOf(ex.getMessage())));
            }
        }
        out.addAll(0, config.problems());
        if (complete) {
            // After a value that stopped the reading, later keys were never asked for: not unknown.
            out.addAll(config.unreadKeys());
        }
        return out;
    }

    /** A problem said whole; when it names a config key ({@code satellites.N.config.KEY : ...}), at that key. */
    private static ConfigProblem said(final String prefix, final String message) {
        final String keyed = prefix + ".";
        final int colon = message.indexOf(" : ");
        if (message.startsWith(keyed) && colon > keyed.length()) {
            return ConfigProblem.message(message.substring(keyed.length(), colon), message);
        }
        return ConfigProblem.message(message);
    }

    /**
     * A configuration to check {@code satellite}'s values with: wrong values are recorded in
     * {@link #problems()} (with the default returned) instead of thrown.
     */
    private static SatelliteConfig checking(final String satellite, final Map<String, Object> values) {
        return new SatelliteConfig(prefix(satellite), "", values, new java.util.concurrent.CopyOnWriteArrayList<>());
    }

    private static String prefix(final String satellite) {
        return "satellites." + Objects.requireNonNull(satellite, "satellite") + ".config";
    }

    /** True when {@code ex} came from {@link #invalid} while checking: its problem is recorded. */
    private boolean recorded(final Throwable ex) {
        return issued.contains(ex);
    }

    /** The problems a {@link #checking} configuration recorded, in order; empty otherwise. */
    private List<ConfigProblem> problems() {
        return problems == null ? List.of() : List.copyOf(problems);
    }

    /**
     * The keys present that were never asked for, here and in the {@link #sections} handed out,
     * each as a problem naming the keys that were asked for beside it.
     */
    private List<ConfigProblem> unreadKeys() {
        final List<ConfigProblem> out = new ArrayList<>();
        final List<String> known = new ArrayList<>(new java.util.TreeSet<>(read));
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                out.add(ConfigProblem.unknownKey(relative + key, known));
            }
        }
        for (SatelliteConfig section : handedOut) {
            out.addAll(section.unreadKeys());
        }
        return out;
    }

    /**
     * A list of maps, each as a configuration of its own whose errors name its place
     * ({@code satellites.fetch.config.resources[1].url}); empty when the key is absent.
     */
    public List<SatelliteConfig> sections(final String key) {
        read.add(key);
        final Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            return rejected(key, v, "a list of maps", List.of());
        }
        final List<SatelliteConfig> found = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            final Object item = list.get(i);
            if (!(item instanceof Map<?, ?> map)) {
                rejected(key + "[" + i + "]", item, "a map", null);
                continue;
            }
            final Map<String, Object> entries = new LinkedHashMap<>();
            map.forEach((k, value) -> entries.put(String.valueOf(k), value));
            final SatelliteConfig section = new SatelliteConfig(where(key) + "[" + i + "]", relative + key + "[" + i + "].",
                entries, problems);
            found.add(section);
            handedOut.add(section);
        }
        return found;
    }

    /** A map of strings to strings (numbers and booleans as their text); the default when absent. */
    public Map<String, String> strings(final String key, final Map<String, String> defaultValue) {
        read.add(key);
        final Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Map<?, ?> map)) {
            return rejected(key, v, "a map of strings", defaultValue);
        }
        final Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            final Object value = e.getValue();
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                return rejected(key + "." + e.getKey(), value, "string", defaultValue);
            }
            result.put(String.valueOf(e.getKey()), value.toString());
        }
        return Collections.unmodifiableMap(result);
    }

    /** A size in bytes: an integer, or a string with a binary unit ({@code 512KiB}, {@code 16MiB}). */
    public long bytes(final String key, final long defaultValue) {
        read.add(key);
        final Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Integer || v instanceof Long) {
            final long n = ((Number) v).longValue();
            if (n < 0) {
                return rejected(key, v, "size >= 0", defaultValue);
            }
            return n;
        }
        if (v instanceof String s) {
            final OptionalLong n = ByteSizes.parseBytes(s);
            if (n.isPresent()) {
                return n.getAsLong();
            }
        }
        return rejected(key, v, "a size such as " + ByteSizes.FORMS, defaultValue);
    }

    /** The keys present. */
    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(final String key) {
        read.add(key);
        return values.get(key) != null;
    }

    /** A string; numbers and booleans are given as their text. */
    public String string(final String key, final String defaultValue) {
        read.add(key);
        final Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return rejected(key, v, "string", defaultValue);
    }

    /** An int: an Integer, a Long in range, or a string of digits. */
    public int integer(final String key, final int defaultValue) {
        final long v = longInteger(key, defaultValue);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            return rejected(key, values.get(key), "integer in " + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE,
                defaultValue);
        }
        return (int) v;
    }

    /** A long: an Integer, a Long, or a string of digits. */
    public long longInteger(final String key, final long defaultValue) {
        read.add(key);
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
                return rejected(key, v, "integer", defaultValue);
            }
        }
        return rejected(key, v, "integer", defaultValue);
    }

    /** A number, integral or not: a Number or a numeric string. */
    public double decimal(final String key, final double defaultValue) {
        read.add(key);
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
                return rejected(key, v, "number", defaultValue);
            }
        }
        return rejected(key, v, "number", defaultValue);
    }

    /** A boolean: a Boolean, or one of the strings true/false/yes/no/on/off. */
    public boolean bool(final String key, final boolean defaultValue) {
        read.add(key);
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
        return rejected(key, v, "boolean (true/false)", defaultValue);
    }

    /**
     * A duration: an integer is milliseconds; a string is a number with a unit
     * ({@code 250ms}, {@code 2s}, {@code 1.5m}, {@code 1h}), digits alone (milliseconds) or
     * ISO-8601 ({@code PT2S}).
     */
    public Duration duration(final String key, final Duration defaultValue) {
        read.add(key);
        final Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Integer || v instanceof Long) {
            return checkedNonNegative(key, v, Duration.ofMillis(((Number) v).longValue()), defaultValue);
        }
        if (v instanceof String s) {
            final Duration d = Durations.parse(s.trim());
            if (d != null) {
                return checkedNonNegative(key, v, d, defaultValue);
            }
        }
        return rejected(key, v, "duration such as 250ms, 2s, 1m, 1h or milliseconds", defaultValue);
    }

    private Duration checkedNonNegative(final String key, final Object raw, final Duration d, final Duration defaultValue) {
        return d.isNegative() ? rejected(key, raw, "duration >= 0", defaultValue) : d;
    }

    /**
     * The exception for a value of {@code key} that is present but wrong; satellites use it for
     * their own checks (ranges, choices) so every configuration error reads the same.
     */
    public IllegalArgumentException invalid(final String key, final Object found, final String expected) {
        final IllegalArgumentException ex = new IllegalArgumentException(where(key) + " : " + quoted(found) + " (expected: "
            + expected + ")");
        if (problems != null) {
            problems.add(ConfigProblem.of(relative + key, quoted(found), expected));
            issued.add(ex);
        }
        return ex;
    }

    /**
     * A wrong value of {@code key}: thrown as {@link #invalid}; when {@link #checking}, recorded
     * and {@code fallback} returned, so that the check goes on to the next value.
     */
    private <T> T rejected(final String key, final Object found, final String expected, final T fallback) {
        final IllegalArgumentException ex = invalid(key, found, expected);
        if (problems == null) {
            throw ex;
        }
        return fallback;
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
