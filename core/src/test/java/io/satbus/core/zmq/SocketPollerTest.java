package io.satbus.core.zmq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SocketPollerTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    private ZContext context;
    private ZMQ.Socket[] senders;
    private ZMQ.Socket[] receivers;
    private SocketPoller poller;

    @BeforeEach
    void pairs() {
        context = new ZContext(1);
        senders = new ZMQ.Socket[2];
        receivers = new ZMQ.Socket[2];
        poller = new SocketPoller(2);
        for (int i = 0; i < 2; i++) {
            receivers[i] = context.createSocket(SocketType.PAIR);
            receivers[i].bind("inproc://socket-poller-test-" + i);
            senders[i] = context.createSocket(SocketType.PAIR);
            senders[i].connect("inproc://socket-poller-test-" + i);
            assertEquals(i, poller.register(receivers[i]));
        }
    }

    @AfterEach
    void close() {
        poller.close();
        context.close();
    }

    @Test
    void reportsOnlyTheSocketsWithAMessageAndLeavesTheMessageToRead() {
        senders[1].send(HELLO);
        final int ready = poller.poll(10_000);
        assertFalse(SocketPoller.isReadable(ready, 0));
        assertTrue(SocketPoller.isReadable(ready, 1));
        assertArrayEquals(HELLO, receivers[1].recv(ZMQ.DONTWAIT));
    }

    @Test
    void answersNothingWhenNoMessageCameInTime() {
        assertEquals(0, poller.poll(0));
        assertEquals(0, poller.poll(20));
    }

    @Test
    void wakesWhenAMessageArrivesWhileItWaits() throws Exception {
        final java.util.concurrent.CountDownLatch polling = new java.util.concurrent.CountDownLatch(1);
        final Thread sender = new Thread(() -> {
            try {
                // Sent once this thread is about to wait: it arrives while the poll waits, or just before it.
                polling.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            senders[0].send(HELLO);
        });
        sender.start();
        polling.countDown();
        int ready = 0;
        while (ready == 0) {
            ready = poller.poll(10_000);
        }
        sender.join();
        assertTrue(SocketPoller.isReadable(ready, 0));
        assertArrayEquals(HELLO, receivers[0].recv(ZMQ.DONTWAIT));
    }

    @Test
    void waitsAgainOnceTheMessageIsRead() {
        senders[0].send(HELLO);
        assertTrue(SocketPoller.isReadable(poller.poll(10_000), 0));
        receivers[0].recv(ZMQ.DONTWAIT);
        assertEquals(0, poller.poll(20));
    }

    @Test
    void rejectsASocketBeyondItsCapacity() {
        final ZMQ.Socket third = context.createSocket(SocketType.PAIR);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> poller.register(third));
        assertEquals("socket poller : 2 sockets registered (expected: at most 2, its capacity)", e.getMessage());
    }

    @Test
    void rejectsACapacityItCannotAnswerFor() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SocketPoller(32));
        assertEquals("capacity : 32 (expected: 1 to 31)", e.getMessage());
    }
}
