package io.satbus.satellites.runtime;

import io.satbus.satellites.api.SatelliteContext;

/**
 * A satellite whose {@code config} can be read and checked without opening it: the built-in
 * types. {@link #configure} reads every key the satellite uses, checks the values and keeps
 * them, and acquires nothing (no file, socket or thread); {@code open} calls it first. The
 * topology check ({@link BuiltinConfigCheck}) calls it alone, so that {@code satbus validate}
 * reports a wrong or unknown config key before anything starts.
 */
public interface Configurable {
    /** Reads and checks {@code context.config()}; throws IllegalArgumentException naming the key on a wrong value. */
    void configure(SatelliteContext context);
}
