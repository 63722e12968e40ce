package io.satbus.orchester;

import static io.satbus.testing.RawMdp.EMPTY;
import static io.satbus.testing.RawMdp.MDPW01;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.Endpoints;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.testing.RawMdp;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The loop driven by the test thread on a simulated clock, with real sockets. */
@Timeout(20)
class OrchesterLoopTest {
    private static final long HEARTBEAT_MS = 1000;
    private static final int LIVENESS = 3;
    private static final long T0 = 5_000_000;
    private static final long WAIT_MS = 10_000;

    private ZContext ctx;
    private OrchesterLoop loop;
    private ZMQ.Socket worker;
    private OrchesterConfig config;

    @BeforeEach
    void start() {
        ctx = new ZContext();
        config = TestTopologies.config(HEARTBEAT_MS, LIVENESS);
        loop = OrchesterLoop.bind(ctx, config, RetryPolicy.maxRetries(config), 5);
        worker = ctx.createSocket(SocketType.DEALER);
        worker.setLinger(0);
        worker.connect(Endpoints.tcp(Ports.HOST, config.servicePort()));
    }

    @AfterEach
    void stop() {
        loop.close();
        ctx.close();
    }

    /** Runs the loop at {@code now} until {@code worker} has a message, and returns it. */
    private List<byte[]> runUntilWorkerReceives(final long now) {
        return Eventually.waitFor("a message to the worker", WAIT_MS, () -> {
            loop.doWork(now);
            return RawMdp.receive(worker, 1);
        });
    }

    @Test
    void expiresASilentWorkerOnTheInjectedClock() {
        RawMdp.send(worker, EMPTY, MDPW01, new byte[] {0x01}, RawMdp.utf8("svc"));
        Eventually.waitUntil("worker registered", WAIT_MS, () -> {
            loop.doWork(T0);
            return loop.status(T0).workers() == 1;
        });

        final List<byte[]> heartbeat = runUntilWorkerReceives(T0 + HEARTBEAT_MS);
        assertEquals(0x04, heartbeat.get(2)[0], "HEARTBEAT after one quiet interval");
        loop.doWork(T0 + HEARTBEAT_MS * LIVENESS - 1);
        assertEquals(1, loop.status(T0).workers(), "alive just before interval x liveness");

        loop.doWork(T0 + HEARTBEAT_MS * LIVENESS);
        assertEquals(0, loop.status(T0).workers(), "declared dead at interval x liveness");
        for (List<byte[]> m = RawMdp.receive(worker, 20); m != null; m = RawMdp.receive(worker, 20)) {
            assertEquals(0x04, m.get(2)[0], "only heartbeats before expiry, no DISCONNECT to an expired worker");
        }

        RawMdp.send(worker, EMPTY, MDPW01, new byte[] {0x04});
        final List<byte[]> disconnect = runUntilWorkerReceives(T0 + HEARTBEAT_MS * LIVENESS + 1);
        assertEquals(0x05, disconnect.get(2)[0], "an unknown worker's HEARTBEAT gets DISCONNECT");
    }

    @Test
    void statusTellsTheProcessFileDescriptorsAndTheAdminJsonKeepsThem() {
        final OrchesterStatus s = loop.status(T0);
        assertTrue(s.descriptors().known(), "a Linux JVM tells its descriptors: " + s.descriptors());
        assertTrue(s.descriptors().open() > 0 && s.descriptors().open() <= s.descriptors().max(), s.descriptors().toString());
        assertEquals(s.descriptors(), OrchesterStatus.fromJson(s.toJson()).descriptors());
        assertTrue(s.toJson().contains("\"descriptors\":{\"open\":"), s.toJson());
    }

    @Test
    void closesAConnectionThatNeverSpeaksZmtpAfterTheHandshakeDeadline() throws Exception {
        try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), config.servicePort())) {
            idle.setSoTimeout((int) WAIT_MS);
            final long start = System.nanoTime();
            final InputStream in = idle.getInputStream();
            int bytes = 0;
            while (in.read() >= 0) {
                bytes++;
            }
            final long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(bytes > 0, "the orchester's greeting came first");
            assertTrue(tookMs >= Endpoints.HANDSHAKE_TIMEOUT_MS / 2, "closed by the deadline, not at once: " + tookMs + " ms");
        }
    }
}
