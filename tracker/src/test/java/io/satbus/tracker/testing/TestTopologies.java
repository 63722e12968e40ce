package io.satbus.tracker.testing;

import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TrackerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Topologies for tests: {@code gen -> upper (x2) -> out}, plus {@code publisher} publishing
 * "events" and {@code audit} subscribing to "ev". gen is a source (no service); the others
 * receive work.
 */
public final class TestTopologies {
    /** Satellites that receive work, in file order. */
    public static final List<String> WORKERS = List.of("upper", "out", "publisher", "audit");

    private TestTopologies() {
    }

    /** The topology without Graphite. */
    public static Topology topology(final String name) {
        return topology(name, null, TrackerSpec.DEFAULT_GRAPHITE_PORT, TrackerSpec.DEFAULT_METRICS_INTERVAL_MS);
    }

    /** The topology reporting to {@code graphiteHost:graphitePort} (host null: no Graphite) every {@code intervalMs}. */
    public static Topology topology(final String name, final String graphiteHost, final int graphitePort,
                                    final long intervalMs) {
        final TrackerSpec tracker = new TrackerSpec(5000, 2, 0, "satbus.dead", graphiteHost, graphitePort, intervalMs,
            "127.0.0.1", 0);
        final Map<String, SatelliteSpec> sats = new LinkedHashMap<>();
        sats.put("gen", new SatelliteSpec("gen", "generator", null, null, 1, null, "upper", null, null, 100, 0, -1,
            Map.of("count", 1000)));
        sats.put("upper", new SatelliteSpec("upper", "transformer", null, null, 2, "upper", "out", null, null, 100,
            2000, 3, Map.of("op", "upper")));
        sats.put("out", new SatelliteSpec("out", "sink", null, null, 1, "out", null, null, null, 100, 0, -1,
            Map.of("path", "out/t.txt")));
        sats.put("publisher", new SatelliteSpec("publisher", "transformer", null, null, 1, "publisher", null,
            List.of("events"), null, 100, 0, -1, null));
        sats.put("audit", new SatelliteSpec("audit", null, "com.example.Audit", "audit.jar", 1, "audit", null, null,
            List.of("ev", "satbus."), 100, 0, -1, Map.of("password", "hunter2")));
        return new Topology(name, "<test>", OrchesterSpec.defaults(), tracker, sats);
    }
}
