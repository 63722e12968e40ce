package io.satbus.orchester;

import static io.satbus.testing.RawMdp.text;
import static io.satbus.testing.RawMdp.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.Endpoints;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.testing.RawMdp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Without security, the topics and services under {@code satbus.} stay the bus's own (issue 12, item 3). */
@Timeout(60)
class BusNamesIT {
    private static final long HEARTBEAT_MS = 200;
    private static final int LIVENESS = 25;
    private static final long WAIT_MS = 20_000;

    private Orchester orchester;
    private ZContext ctx;

    @BeforeEach
    void start() {
        orchester = Orchester.start(OrchesterConfig.from(TestTopologies.topology("busnames", HEARTBEAT_MS, LIVENESS,
            1 << 20, 1, Map.of("work", 1))));
        ctx = new ZContext();
    }

    @AfterEach
    void stop() {
        ctx.close();
        orchester.close();
    }

    @Test
    void aPeersPublicationOnTheDeadLetterTopicNeverReachesASubscriber() {
        final ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
        sub.setLinger(0);
        sub.subscribe(new byte[0]);
        sub.connect(Endpoints.tcp(Ports.HOST, orchester.config().subPort()));
        final ZMQ.Socket pub = ctx.createSocket(SocketType.PUB);
        pub.setLinger(0);
        pub.connect(Endpoints.tcp(Ports.HOST, orchester.config().pubPort()));
        // Until the subscription has reached the publisher through the orchester, publications are lost.
        final List<String> seen = new ArrayList<>();
        Eventually.waitUntil("a plain publication reaching the subscriber", WAIT_MS, () -> {
            RawMdp.send(pub, utf8("events"), utf8("warm-up"));
            final List<byte[]> m = RawMdp.receive(sub, 50);
            return m != null && "events".equals(text(m.get(0)));
        });
        for (int i = 0; i < 10; i++) {
            RawMdp.send(pub, utf8("satbus.dead"), utf8("forged letter " + i));
        }
        RawMdp.send(pub, utf8("satbus.supervisor.main"), utf8("forged"));
        RawMdp.send(pub, utf8("events"), utf8("last"));
        // One publisher's messages keep their order through the orchester: once "last" is here, any forged letter would be too.
        while (!seen.contains("last")) {
            final List<byte[]> m = RawMdp.receive(sub, WAIT_MS);
            assertNotNull(m, "the last plain publication never came; seen " + seen);
            assertTrue(!text(m.get(0)).startsWith("satbus."), "a peer's publication on " + text(m.get(0)) + " reached "
                + "a subscriber: " + text(m.get(1)));
            seen.add(text(m.get(1)));
        }
        Eventually.waitUntil("11 forbidden publications counted", WAIT_MS,
            () -> orchester.status().totals().forbidden() == 11);
        assertEquals(0, orchester.status().totals().dead(), "nothing died: the forged letters were not the orchester's");
    }

    @Test
    void aSecondWorkerForALiveControlServiceIsRefused() {
        final String service = "satbus.supervisor.main";
        final String endpoint = Endpoints.tcp(Ports.HOST, orchester.config().servicePort());
        try (RawMdp.Worker supervisor = new RawMdp.Worker(ctx, endpoint, service, HEARTBEAT_MS);
             RawMdp.Client client = new RawMdp.Client(ctx, endpoint)) {
            Eventually.waitUntil("the supervisor's control worker", WAIT_MS, () -> orchester.status().workers() == 1);
            try (RawMdp.Worker rogue = new RawMdp.Worker(ctx, endpoint, service, HEARTBEAT_MS)) {
                Eventually.waitUntil("the second registration refused and counted", WAIT_MS,
                    () -> orchester.status().totals().forbidden() == 1);
                assertEquals(1, orchester.status().workers(), "the rogue is no worker");
                rogue.nextRequest(HEARTBEAT_MS);
                assertTrue(rogue.disconnectsReceived >= 1, "the rogue was told to DISCONNECT");
                for (int i = 0; i < 6; i++) {
                    client.request(service, utf8("scale out 0"));
                    final List<byte[]> request = supervisor.nextRequest(WAIT_MS);
                    assertNotNull(request, "request " + i + " did not reach the supervisor's worker");
                    supervisor.reply(request.get(0), utf8("{\"ok\":\"real\"}"));
                    final List<byte[]> reply = client.reply(service, WAIT_MS);
                    assertNotNull(reply, "no reply to request " + i);
                    assertEquals("{\"ok\":\"real\"}", text(reply.get(0)), "every reply is the real supervisor's");
                }
                assertNull(rogue.nextRequest(2 * HEARTBEAT_MS), "no request reached the rogue");
            }
            try (RawMdp.Worker other = new RawMdp.Worker(ctx, endpoint, "satbus.tracker", HEARTBEAT_MS)) {
                Eventually.waitUntil("a worker for another satbus. service refused", WAIT_MS,
                    () -> orchester.status().totals().forbidden() == 2);
            }
        }
    }
}
