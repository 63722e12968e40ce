package io.satbus.satellites.firehose;

import java.util.Locale;

/**
 * When the publisher hands its file to the operating system: after each line ({@code each},
 * the only policy under which an acknowledged event is always in the file), after every
 * {@code flush_count} lines ({@code count}), or every {@code flush_interval} on a timer
 * ({@code interval}). Lines are always flushed at close.
 */
enum FlushPolicy {
    EACH, COUNT, INTERVAL;

    /** The policy named {@code name} (any case), or null. */
    static FlushPolicy named(final String name) {
        for (FlushPolicy p : values()) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        return null;
    }

    static String choices() {
        return "one of each, count, interval";
    }

    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
