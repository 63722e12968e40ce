package io.satbus.core.topology;

import java.util.Collection;
import java.util.List;

/**
 * One problem in a satellite's {@code config} ({@link ConfigCheck}), reported as
 * {@code satellites.NAME.config.KEY : found (expected: ...)} at the line and column where it
 * was written.
 *
 * @param key       where under {@code config}: {@code "rate"}, {@code "resources[1].url"},
 *                  {@code "headers.Accept"}; empty for the section itself
 * @param found     what was found, e.g. {@code "\"lots\""}
 * @param expected  what was expected
 * @param knownKeys for a key the type does not read, the keys it reads there (the message then
 *                  lists them, with a did-you-mean); null for a bad value
 */
public record ConfigProblem(String key, String found, String expected, List<String> knownKeys) {
    public ConfigProblem {
        knownKeys = knownKeys == null ? null : List.copyOf(knownKeys);
    }

    /** A value that is not what the satellite's type expects. */
    public static ConfigProblem of(final String key, final String found, final String expected) {
        return new ConfigProblem(key, found, expected, null);
    }

    /** A problem that is not about one value, {@code text} said whole (e.g. "satellites.gen : neither ..."). */
    public static ConfigProblem message(final String text) {
        return message("", text);
    }

    /** A problem said whole by {@code text}, reported where {@code key} was written (as {@link #key}). */
    public static ConfigProblem message(final String key, final String text) {
        return new ConfigProblem(key, null, text, null);
    }

    /** A key the satellite's type does not read; {@code known}: the keys it reads beside it. */
    public static ConfigProblem unknownKey(final String key, final Collection<String> known) {
        return new ConfigProblem(key, "unknown key", null, List.copyOf(known));
    }

    /** True when the key itself is the problem: reported at the key, not its value. */
    public boolean unknownKey() {
        return knownKeys != null;
    }
}
