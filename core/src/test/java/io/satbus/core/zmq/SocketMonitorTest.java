package io.satbus.core.zmq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketMonitorTest {
    private static final int EVENTS = ZMQ.EVENT_HANDSHAKE_PROTOCOL | ZMQ.EVENT_DISCONNECTED;
    private static final long PATIENCE_MS = 20_000;
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    private ZContext context;

    @BeforeEach
    void open() {
        context = new ZContext(1);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void reportsTheHandshakeAndTheDrop() {
        final ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
        final int port = router.bindToRandomPort("tcp://127.0.0.1");
        final ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
        try (SocketMonitor monitor = new SocketMonitor(context, dealer, EVENTS)) {
            dealer.connect("tcp://127.0.0.1:" + port);
            assertNotNull(awaitEvent(monitor, ZMonitor.Event.HANDSHAKE_PROTOCOL), "no handshake reported");
            router.setLinger(0);
            router.close();
            assertNotNull(awaitEvent(monitor, ZMonitor.Event.DISCONNECTED), "no drop reported");
        }
    }

    /**
     * The stall this class exists for: the monitored socket's connection drops after its monitor
     * was closed. With the reader closed alone, JeroMQ's I/O thread blocks on the event for good
     * and no socket of the context moves a message again; closed here, a new pair of sockets in
     * the same context still talks.
     */
    @Test
    void anEventAfterCloseNeverStallsTheContext() {
        final ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
        final int port = router.bindToRandomPort("tcp://127.0.0.1");
        final ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
        final SocketMonitor monitor = new SocketMonitor(context, dealer, EVENTS);
        dealer.connect("tcp://127.0.0.1:" + port);
        assertNotNull(awaitEvent(monitor, ZMonitor.Event.HANDSHAKE_PROTOCOL), "no handshake reported");
        monitor.close();
        monitor.close();
        // The dealer stays open and its connection drops: JeroMQ raises DISCONNECTED for it.
        router.setLinger(0);
        router.close();

        final ZMQ.Socket router2 = context.createSocket(SocketType.ROUTER);
        final int port2 = router2.bindToRandomPort("tcp://127.0.0.1");
        router2.setReceiveTimeOut((int) PATIENCE_MS);
        final ZMQ.Socket dealer2 = context.createSocket(SocketType.DEALER);
        dealer2.connect("tcp://127.0.0.1:" + port2);
        dealer2.send(HELLO);
        assertNotNull(router2.recv(), "a new connection in the same context carried nothing within "
            + PATIENCE_MS + " ms: the I/O thread is blocked");
        assertArrayEquals(HELLO, router2.recv(ZMQ.DONTWAIT));
        dealer.setLinger(0);
        dealer.close();
    }

    @Test
    void answersNullWhenNoEventIsWaiting() {
        final ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
        try (SocketMonitor monitor = new SocketMonitor(context, dealer, EVENTS)) {
            assertNull(monitor.next());
        }
    }

    private static ZEvent awaitEvent(final SocketMonitor monitor, final ZMonitor.Event wanted) {
        final SocketPoller poller = new SocketPoller(1);
        try {
            poller.register(monitor.reader());
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
            while (System.nanoTime() < deadline) {
                ZEvent e;
                while ((e = monitor.next()) != null) {
                    if (e.getEvent() == wanted) {
                        return e;
                    }
                }
                poller.poll(100);
            }
            return null;
        } finally {
            poller.close();
        }
    }
}
