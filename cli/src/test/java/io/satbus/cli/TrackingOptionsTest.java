package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import org.junit.jupiter.api.Test;

/** {@code --http} changes the tracker's metrics view and nothing else of the topology. */
class TrackingOptionsTest {
    private static final String YAML = "name: opts\n"
        + "supervisor: { quick_restarts: 7, restart_backoff: 3s, max_backoff: 1m, max_restarts: 9, window: 5m }\n"
        + "satellites:\n"
        + "  gen: { type: generator, send_to: up, config: { count: 1 } }\n"
        + "  up:  { type: transformer, send_to: out, autoscale: { min: 1, max: 3 } }\n"
        + "  out: { type: sink }\n";

    private static TrackingOptions http(final String value) {
        final TrackingOptions o = new TrackingOptions();
        o.http = value;
        return o;
    }

    @Test
    void httpReplacesTheMetricsViewAndKeepsTheSupervisorSectionAndTheSatellites() throws Exception {
        final Topology t = TopologyLoader.parse(YAML, "opts.yaml");
        final Topology moved = http("127.0.0.2:0").apply(t);
        assertEquals("127.0.0.2", moved.tracker().httpHost());
        assertEquals(0, moved.tracker().httpPort());
        assertEquals(t.supervisor(), moved.supervisor(), "restart limits of the file, not the defaults");
        assertEquals(7, moved.supervisor().quickRestarts());
        assertEquals(t.satellites(), moved.satellites());
        assertEquals(t.orchester(), moved.orchester());

        final Topology off = http("off").apply(t);
        assertNull(off.tracker().httpHost());
        assertEquals(t.supervisor(), off.supervisor());
        assertEquals(t, http(null).apply(t));
    }

    @Test
    void aBadHttpValueSaysWhatIsExpected() throws Exception {
        final Topology t = TopologyLoader.parse(YAML, "opts.yaml");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> http("localhost").apply(t));
        assertEquals("--http localhost (expected: HOST:PORT with PORT 0..65535, or off)", ex.getMessage());
    }
}
