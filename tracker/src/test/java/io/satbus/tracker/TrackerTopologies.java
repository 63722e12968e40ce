package io.satbus.tracker;

import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TrackerSpec;
import io.satbus.testing.Ports;
import java.util.LinkedHashMap;
import java.util.Map;

/** Topologies for tests, on free ports of 127.0.0.1. */
final class TrackerTopologies {

    private TrackerTopologies() {
    }

    /**
     * One worker satellite per entry of {@code services} (name -> {timeout ms, max_retries}),
     * serving the service of its name; tracker defaults 1000 ms and 2 retries, backoff as given.
     */
    /**
     * Heartbeats a worker may miss before it is declared lost: 20, so that a thread starved
     * of CPU for a second on a busy 2-core build machine is not mistaken for a dead worker.
     */
    static final int LIVENESS = 20;

    static Topology topology(final String name, final long heartbeatMs, final long backoffMs,
                             final Map<String, long[]> services) {
        final int[] ports = Ports.freePorts(3);
        final int service = ports[0];
        final int pub = ports[1];
        final int sub = ports[2];
        final OrchesterSpec o = new OrchesterSpec(Ports.HOST, service, pub, sub, heartbeatMs, LIVENESS, 1 << 20);
        final TrackerSpec t = new TrackerSpec(1000, 2, backoffMs, "satbus.dead", null, 2003, 10_000, null, 0);
        final Map<String, SatelliteSpec> sats = new LinkedHashMap<>();
        services.forEach((svc, tr) -> sats.put(svc, new SatelliteSpec(svc, "sink", null, null, 1, svc, null, null, null,
            4, tr[0], (int) tr[1], null)));
        return new Topology(name, "<test>", o, t, sats);
    }
}
