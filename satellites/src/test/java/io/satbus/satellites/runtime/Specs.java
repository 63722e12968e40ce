package io.satbus.satellites.runtime;

import io.satbus.core.topology.SatelliteSpec;
import java.util.List;
import java.util.Map;

/** Satellite specs for tests. */
final class Specs {
    private Specs() {
    }

    static SatelliteSpec worker(final String name, final String sendTo, final Map<String, Object> config) {
        return new SatelliteSpec(name, null, "test", null, 1, name, sendTo, List.of(), List.of(), 5, 0, -1, config);
    }

    static SatelliteSpec source(final String name, final String sendTo, final Map<String, Object> config) {
        return new SatelliteSpec(name, "generator", null, null, 1, null, sendTo, List.of(), List.of(), 5, 0, -1, config);
    }

    static SatelliteSpec topics(final String name, final List<String> publish, final List<String> subscribe) {
        return new SatelliteSpec(name, null, "test", null, 1, null, null, publish, subscribe, 5, 0, -1, Map.of());
    }
}
