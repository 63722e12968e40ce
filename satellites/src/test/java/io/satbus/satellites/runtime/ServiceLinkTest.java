package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.zmq.SocketPoller;
import io.satbus.testing.Ports;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceLinkTest {
    private static final long HEARTBEAT_MS = 100;
    private static final int LIVENESS = 5;
    private static final long EXPIRY_MS = HEARTBEAT_MS * LIVENESS;

    private ZContext context;
    private ServiceLink link;

    @BeforeEach
    void open() {
        context = new ZContext(1);
    }

    @AfterEach
    void close() {
        if (link != null) {
            link.close(0);
        }
        context.close();
    }

    @Test
    void aLinkThatDoesNotComeUpWarnsAtTheExpiryThenEachTimeTheWaitDoubles() {
        link = newLink(List.of("tcp://127.0.0.1:" + closedPort()));
        link.connect(1_000);
        assertEquals(-1, link.notUpWarningDue(1_000 + EXPIRY_MS - 1));
        assertEquals(EXPIRY_MS, link.notUpWarningDue(1_000 + EXPIRY_MS));
        assertEquals(-1, link.notUpWarningDue(1_000 + EXPIRY_MS + 1), "warned twice for one wait");
        assertEquals(-1, link.notUpWarningDue(1_000 + 2 * EXPIRY_MS - 1));
        assertEquals(2 * EXPIRY_MS, link.notUpWarningDue(1_000 + 2 * EXPIRY_MS));
        assertEquals(-1, link.notUpWarningDue(1_000 + 4 * EXPIRY_MS - 1));
        assertEquals(4 * EXPIRY_MS + 7, link.notUpWarningDue(1_000 + 4 * EXPIRY_MS + 7));

        link.connect(100_000);
        assertEquals(-1, link.notUpWarningDue(100_000 + EXPIRY_MS - 1), "a new connection waits from its own start");
        assertEquals(EXPIRY_MS, link.notUpWarningDue(100_000 + EXPIRY_MS));
    }

    @Test
    void aPairedLinkTurnsToTheOtherOrchesterInsteadOfWarning() {
        link = newLink(List.of("tcp://127.0.0.1:" + closedPort(), "tcp://127.0.0.1:" + closedPort()));
        link.connect(1_000);
        assertEquals(-1, link.notUpWarningDue(1_000 + 10 * EXPIRY_MS));
        assertTrue(link.connectTimedOut(1_000 + EXPIRY_MS));
    }

    @Test
    void aLinkThatCameUpNeverWarns() {
        final ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
        final int port = router.bindToRandomPort("tcp://127.0.0.1");
        link = newLink(List.of("tcp://127.0.0.1:" + port));
        link.connect(1_000);
        final SocketPoller poller = new SocketPoller(1);
        try {
            poller.register(link.monitor());
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!link.up() && System.nanoTime() < deadline) {
                assertTrue(link.pollEvents(1_000));
                poller.poll(100);
            }
        } finally {
            poller.close();
        }
        assertTrue(link.up(), "the link did not come up within 20 s");
        assertEquals(-1, link.notUpWarningDue(1_000 + 100 * EXPIRY_MS));
    }

    private ServiceLink newLink(final List<String> endpoints) {
        return new ServiceLink(context, endpoints, "test", null, null, HEARTBEAT_MS, LIVENESS, 1 << 20, () -> { });
    }

    /** A loopback port nothing listens on (bound a moment ago, then let go). */
    private static int closedPort() {
        return Ports.freePort();
    }
}
