package io.satbus.orchester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.Topology;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class OrchesterConfigTest {

    @Test
    void takesRetriesPerServiceAndTheDefaultForOthers() {
        final OrchesterConfig c = OrchesterConfig.from(TestTopologies.topology("t", 250, 4, 4096, 2,
            Map.of("parser", 5, "sink", 0)));
        assertEquals(5, c.maxRetries("parser"));
        assertEquals(0, c.maxRetries("sink"));
        assertEquals(2, c.maxRetries("plain-mdp-service"));
        assertEquals(1000, c.expiryMs());
        assertEquals(4096, c.maxMessageBytes());
        assertEquals("satbus.dead", c.deadLetterTopic());
        assertEquals(OrchesterConfig.DEFAULT_MAX_QUEUE_DEPTH, c.maxQueueDepth());
    }

    @Test
    void refusesBadSettingsNamingThem() {
        final Topology t = TestTopologies.topology("t", 250, 4, 4096, 2, Map.of());
        final OrchesterSpec o = t.orchester();
        final IllegalArgumentException samePorts = assertThrows(IllegalArgumentException.class, () ->
            OrchesterConfig.from(new Topology("t", "x", o.withPorts(7000, 7000, 7001), t.tracker(), t.satellites())));
        assertEquals("orchester ports : 7000, 7000, 7001 (expected: three different ports)", samePorts.getMessage());
        final IllegalArgumentException liveness = assertThrows(IllegalArgumentException.class, () ->
            OrchesterConfig.from(new Topology("t", "x", new OrchesterSpec(o.host(), 7000, 7001, 7002, 100, 0, 10),
                t.tracker(), t.satellites())));
        assertEquals("heartbeat_liveness : 0 (expected: >= 1)", liveness.getMessage());
    }
}
