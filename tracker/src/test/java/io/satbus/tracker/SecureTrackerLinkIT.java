package io.satbus.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satbus.core.Endpoints;
import io.satbus.core.security.CurveKey;
import io.satbus.core.security.KeyFiles;
import io.satbus.core.security.Rights;
import io.satbus.core.security.SecuritySpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.zmq.Curve;
import io.satbus.orchester.Orchester;
import io.satbus.orchester.OrchesterConfig;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The tracker link over TCP with security on: CURVE with the orchester's key, nobody else's (issue 12). */
@Timeout(60)
class SecureTrackerLinkIT {
    @TempDir
    Path dir;

    @Test
    void theOrchesterReachesItsTrackerOverCurveAndAStrangerIsRefused() {
        final CurveKey orchesterKey = KeyFiles.create(dir, "orchester");
        final CurveKey stranger = KeyFiles.create(dir.resolve("elsewhere"), "stranger");
        final SecuritySpec security = new SecuritySpec(orchesterKey, Map.of("orchester", orchesterKey.publicOnly()),
            Map.of("orchester", Rights.NONE), dir, null);
        final Topology t = TrackerTopologies.topology("securelink", 200, 0, Map.of("echo", new long[] {1000, 1}))
            .withSecurity(security);
        final String endpoint = Endpoints.tcp(Ports.HOST, Ports.freePort());
        try (Tracker tracker = Tracker.start(TrackerConfig.from(t), endpoint);
             Orchester orchester = Orchester.start(OrchesterConfig.from(t), tracker.endpoint());
             ZContext ctx = new ZContext()) {
            final String events = MetricNames.tracker("securelink") + ".events";
            Eventually.waitUntil("the orchester's events reach the tracker", 20_000,
                () -> tracker.registry().counter(events).getCount() > 0);
            for (CurveKey k : new CurveKey[] {stranger, null}) {
                final ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
                s.setLinger(0);
                if (k != null) {
                    Curve.client(s, k, orchesterKey);
                }
                s.connect(tracker.endpoint());
                s.send(new byte[] {1, 2, 3}, ZMQ.DONTWAIT);
            }
            Eventually.waitUntil("the stranger's key refused", 20_000, () -> tracker.refusedKeys() >= 1);
            assertEquals(0, tracker.registry().counter(MetricNames.tracker("securelink") + ".malformed").getCount(),
                "no stranger's frame reached the tracker");
        }
    }
}
