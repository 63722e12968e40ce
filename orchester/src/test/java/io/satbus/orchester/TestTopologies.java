package io.satbus.orchester;

import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TrackerSpec;
import io.satbus.testing.Ports;
import java.util.LinkedHashMap;
import java.util.Map;

/** Topologies for tests, on free ports of 127.0.0.1. */
final class TestTopologies {
    private TestTopologies() {
    }

    /** A topology with one worker satellite per service name, each with its own max_retries. */
    static Topology topology(final String name, final long heartbeatMs, final int liveness, final long maxMessageBytes,
                             final int defaultMaxRetries, final Map<String, Integer> maxRetriesByService) {
        final int[] ports = Ports.freePorts(3);
        final int service = ports[0];
        final int pub = ports[1];
        final int sub = ports[2];
        final OrchesterSpec o = new OrchesterSpec(Ports.HOST, service, pub, sub, heartbeatMs, liveness, maxMessageBytes);
        final TrackerSpec t = new TrackerSpec(1000, defaultMaxRetries, 0, "satbus.dead", null, 2003, 10_000, null, 0);
        final Map<String, SatelliteSpec> sats = new LinkedHashMap<>();
        maxRetriesByService.forEach((svc, retries) -> sats.put(svc, new SatelliteSpec(svc, "sink", null, null, 1, svc,
            null, null, null, 1, 0, retries, null)));
        return new Topology(name, "<test>", o, t, sats);
    }

    /** {@code t} with these byte bounds and queue timeout (0: never). */
    static Topology withBounds(final Topology t, final long queued, final long service, final long peer,
                               final long queueTimeoutMs) {
        return new Topology(t.name(), t.source(), t.orchester().withByteBounds(queued, service, peer),
            t.tracker().withQueueTimeout(queueTimeoutMs), t.satellites());
    }

    static OrchesterConfig config(final long heartbeatMs, final int liveness) {
        return OrchesterConfig.from(topology("test", heartbeatMs, liveness, 1 << 20, 2, Map.of()));
    }
}
