package io.satbus.core.zmq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendBuffersTest {
    private static final int IN_FLIGHT = 8;

    @Test
    void aBufferIsTakenAgainOnlyOnceGivenBackAndKeptWithinItsLimit() {
        final SendBuffers buffers = new SendBuffers(100, 250);
        final byte[] a = buffers.take();
        final byte[] b = buffers.take();
        final byte[] c = buffers.take();
        assertEquals(100, a.length);
        assertNotSame(a, b, "a buffer not given back is never handed out twice");
        SendBuffers.written(buffers.message(a, 10));
        SendBuffers.written(buffers.message(b, 10));
        SendBuffers.written(buffers.message(c, 10));
        assertEquals(3, buffers.givenBack());
        assertEquals(200, buffers.pooledBytes(), "two of 100 bytes fit 250, the third is left to the collector");
        assertSame(b, buffers.take(), "the one given back last");
        assertSame(a, buffers.take());
        assertEquals(2, buffers.reused());
        assertEquals(5, buffers.taken());
        SendBuffers.written(new zmq.Msg(new byte[10]));
        assertEquals(3, buffers.givenBack(), "another message is let be");
    }

    /**
     * Over a real connection, with up to {@link #IN_FLIGHT} messages on their way at once (so
     * writes are partial and the large messages are written from the buffer itself, JeroMQ's
     * zero-copy), each message is sent from a pooled buffer and the next is written into whatever
     * buffer the pool hands out, nearly always one given back. A buffer given back before JeroMQ
     * had written all of it would be overwritten under it and a message would arrive with
     * another's bytes. Every buffer comes back: the patched encoder is on the class path.
     */
    @Test
    void messagesSentFromBuffersArriveIntactAndEveryBufferComesBack() throws Exception {
        final int messages = 600;
        final SendBuffers buffers = new SendBuffers(1024, 8L << 20);
        try (ZContext context = new ZContext(1)) {
            final ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
            router.setRcvHWM(0);
            final int port = router.bindToRandomPort("tcp://127.0.0.1");
            final ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
            dealer.setSndHWM(0);
            dealer.connect("tcp://127.0.0.1:" + port);
            final CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                for (int m = 0; m < messages; m++) {
                    router.recv(0);
                    final byte[] body = router.recv(0);
                    assertArrayEquals(body(m), body, "message " + m);
                }
                return messages;
            });
            for (int m = 0; m < messages; m++) {
                // Waits on the reader and the I/O thread, not on time: a condition with a deadline.
                awaitGivenBack(buffers, Math.max(0, m - IN_FLIGHT));
                final byte[] expected = body(m);
                byte[] buf = buffers.take();
                if (buf.length < expected.length) {
                    buf = Arrays.copyOf(buf, expected.length);
                }
                Arrays.fill(buf, (byte) 0x55);
                System.arraycopy(expected, 0, buf, 0, expected.length);
                assertTrue(dealer.sendMsg(buffers.message(buf, expected.length), 0), "sent " + m);
            }
            assertEquals(messages, received.get(50, TimeUnit.SECONDS));
            awaitGivenBack(buffers, messages);
            assertEquals(messages, buffers.givenBack(), "each once");
            // At most IN_FLIGHT + 1 buffers are out at once, so every other take finds one given back.
            assertTrue(buffers.reused() >= messages - IN_FLIGHT - 1, "buffers were written into again: " + buffers.reused());
        }
    }

    /** A message a ROUTER drops (no such peer) never reaches an encoder: it is not given back. */
    @Test
    void aMessageTheRouterDropsIsNeverGivenBack() {
        final SendBuffers buffers = new SendBuffers(64, 1 << 20);
        try (ZContext context = new ZContext(1)) {
            final ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
            final int port = router.bindToRandomPort("tcp://127.0.0.1");
            final ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
            dealer.setIdentity("known".getBytes(StandardCharsets.US_ASCII));
            dealer.connect("tcp://127.0.0.1:" + port);
            dealer.send("hello");
            assertArrayEquals("known".getBytes(StandardCharsets.US_ASCII), router.recv(0));
            router.recv(0);

            final byte[] dropped = buffers.take();
            router.sendMore("nobody");
            assertTrue(router.sendMsg(buffers.message(dropped, 10), 0), "a ROUTER drops a message for no peer silently");
            router.sendMore("known");
            router.sendMsg(buffers.message(buffers.take(), 20), 0);
            assertEquals(20, dealer.recv(0).length);
            awaitGivenBack(buffers, 1);
            assertNotSame(dropped, buffers.take(), "the dropped one never comes back");
            assertEquals(1, buffers.givenBack());
        }
    }

    /** Waits until at least {@code n} messages have been given back, at most 20 s (the I/O thread gives them back). */
    private static void awaitGivenBack(final SendBuffers buffers, final long n) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (buffers.givenBack() < n && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertTrue(buffers.givenBack() >= n, "messages given back: " + buffers.givenBack() + " (expected: >= " + n + ")");
    }

    /** Message {@code m}: sizes from 20 bytes to 200 KB (below and above JeroMQ's 8 KB batch), bytes only it has. */
    private static byte[] body(final int m) {
        final int length = m % 3 == 0 ? 20 + m % 500 : m % 3 == 1 ? 5_000 + (m * 997) % 10_000 : 50_000 + (m * 7919) % 150_000;
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (m * 31 + i);
        }
        bytes[0] = (byte) m;
        bytes[1] = (byte) (m >>> 8);
        return bytes;
    }
}
