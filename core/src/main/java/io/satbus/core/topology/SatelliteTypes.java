package io.satbus.core.topology;

import java.util.Set;

/** Names of the built-in satellite types a topology may use as {@code type}. */
public final class SatelliteTypes {
    public static final String GENERATOR = "generator";
    public static final String TRANSFORMER = "transformer";
    public static final String SINK = "sink";

    /** Types that only emit: they do not register as workers unless they name a service. */
    public static final Set<String> SOURCES = Set.of(GENERATOR);

    public static final Set<String> BUILT_IN = Set.of(GENERATOR, TRANSFORMER, SINK);

    private SatelliteTypes() {
    }
}
