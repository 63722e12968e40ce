package io.satbus.orchester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.satbus.core.topology.LimitsSpec;
import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TrackerSpec;
import java.util.LinkedHashMap;
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
        assertEquals(4096, c.maxMessageBytes("parser"), "a service's max_message_size defaults to the orchester's");
        assertEquals(TrackerSpec.DEFAULT_QUEUE_TIMEOUT_MS, c.queueTimeoutMs("plain-mdp-service"));
    }

    @Test
    void derivesTheByteBoundsItIsNotGivenFromTheHeap() {
        final Topology t = TestTopologies.topology("t", 250, 4, 1 << 20, 2, Map.of());
        assertEquals(new ByteBounds(128L << 20, 32L << 20, 16L << 20), OrchesterConfig.from(t, 512L << 20).byteBounds(),
            "a quarter of the heap; of it a quarter per service, an eighth per client");
        assertEquals(new ByteBounds(4L << 20, 1L << 20, 1L << 20), OrchesterConfig.from(t, 16L << 20).byteBounds(),
            "never below max_message_size");
        assertEquals(new ByteBounds(8L << 20, 8L << 20, 1L << 20),
            OrchesterConfig.from(withBounds(t, OrchesterSpec.DERIVED, 8L << 20, OrchesterSpec.DERIVED), 16L << 20)
                .byteBounds(), "the total rises to a written service bound");
        assertEquals(new ByteBounds(64L << 20, 16L << 20, 2L << 20),
            OrchesterConfig.from(withBounds(t, 64L << 20, OrchesterSpec.DERIVED, 2L << 20), 1L << 40).byteBounds(),
            "written bounds are taken as they are, the others derived from the written total");
    }

    @Test
    void logsBoundsReadably() {
        assertEquals("max_queued_bytes 30.9MiB, max_service_bytes 16MiB, max_peer_bytes 16MiB",
            new ByteBounds(32_440_320, 16L << 20, 16L << 20).toString(), "a -Xmx128m orchester's defaults");
        assertEquals("4KiB", ByteBounds.readable(4096));
    }

    @Test
    void takesEachServicesLimitsFromItsSatellites() {
        final Topology t = TestTopologies.topology("t", 250, 4, 1 << 20, 2, Map.of());
        final Map<String, SatelliteSpec> sats = new LinkedHashMap<>();
        sats.put("a", sink("a", "work", new LimitsSpec(4096, 2000)));
        sats.put("b", sink("b", "work", new LimitsSpec(8192, 0)));
        sats.put("c", sink("c", "other", LimitsSpec.defaults()));
        final OrchesterConfig c = OrchesterConfig.from(new Topology("t", "x", t.orchester(),
            t.tracker().withQueueTimeout(30_000), sats), 1L << 30);
        assertEquals(8192, c.maxMessageBytes("work"), "the largest of the service's satellites");
        assertEquals(0, c.queueTimeoutMs("work"), "never expiring wins");
        assertEquals(1 << 20, c.maxMessageBytes("other"));
        assertEquals(30_000, c.queueTimeoutMs("other"));
    }

    private static SatelliteSpec sink(final String name, final String service, final LimitsSpec limits) {
        return new SatelliteSpec(name, "sink", null, null, 1, service, null, null, null, 1, 0, -1, null, null, null, null,
            null, limits);
    }

    private static Topology withBounds(final Topology t, final long queued, final long service, final long peer) {
        return new Topology(t.name(), t.source(), t.orchester().withByteBounds(queued, service, peer), t.tracker(),
            t.satellites());
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
        final IllegalArgumentException peer = assertThrows(IllegalArgumentException.class, () ->
            OrchesterConfig.from(withBounds(t, 1L << 20, OrchesterSpec.DERIVED, 2L << 20), 1L << 30));
        assertEquals("max_peer_bytes : 2MiB (expected: <= max_queued_bytes 1MiB)", peer.getMessage());
        final IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () ->
            OrchesterConfig.from(withBounds(t, 1024, OrchesterSpec.DERIVED, OrchesterSpec.DERIVED), 1L << 30));
        assertEquals("max_queued_bytes : 1KiB (expected: >= max_message_size 4KiB, so that the largest message can be taken)",
            small.getMessage());
    }
}
