package io.satbus.orchester;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.zmq.SendBuffers;
import io.satbus.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BatchingRouterTest {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] REQUEST = {Mdp.REQUEST};

    /**
     * Over a real ROUTER, rounds of messages to a batching peer arrive as batches, every message
     * intact and in order, each batch sent from a pooled buffer; once JeroMQ has given a round's
     * buffer back, the next round is packed into it. Between rounds no peer's writer holds a buffer.
     */
    @Test
    void batchesSentFromPooledBuffersArriveIntactAndQuietPeersHoldNoBuffer() throws Exception {
        final int rounds = 60;
        final SendBuffers buffers = new SendBuffers(1024, 1 << 20);
        try (ZContext context = new ZContext(1)) {
            final ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
            final int port = router.bindToRandomPort("tcp://127.0.0.1");
            final ZMQ.Socket busy = dealer(context, port, "busy");
            final ZMQ.Socket quiet = dealer(context, port, "quiet");
            final BatchingRouter out = new BatchingRouter(router, Batch.DEFAULT_LIMIT_BYTES, buffers);
            for (int i = 0; i < 2; i++) {
                final byte[] identity = router.recv(0);
                router.recv(0);
                out.batching(identity);
            }
            final Batch.Reader reader = new Batch.Reader(Batch.MAX_FRAMES);
            out.send(message("quiet", 0, 0));
            assertEquals(1, out.flush());
            final List<List<byte[]>> first = unpack(reader, batchFrame(quiet));
            assertEquals(1, first.size());
            assertArrayEquals(payload(0, 0), first.get(0).get(4), "the quiet peer's one message");
            for (int r = 0; r < rounds; r++) {
                awaitGivenBack(buffers, r + 1);
                for (int m = 0; m < 1 + r % 25; m++) {
                    out.send(message("busy", r, m));
                }
                assertEquals(1, out.flush(), "round " + r);
                assertEquals(0, out.heldBufferBytes(), "no writer holds a buffer between rounds");
                final List<List<byte[]>> got = unpack(reader, batchFrame(busy));
                assertEquals(1 + r % 25, got.size(), "messages in batch " + r);
                for (int m = 0; m < got.size(); m++) {
                    assertArrayEquals(payload(r, m), got.get(m).get(4), "round " + r + " message " + m);
                }
            }
            awaitGivenBack(buffers, rounds + 1);
            assertEquals(rounds + 1, buffers.givenBack(), "each batch's buffer given back once");
            assertEquals(rounds, buffers.reused(), "every round packed into a buffer given back");
            assertEquals(rounds + 1, out.batchesSent());
        }
    }

    /** Waits until {@code n} batches' buffers have been given back (by JeroMQ's I/O thread), at most 20 s. */
    private static void awaitGivenBack(final SendBuffers buffers, final long n) {
        Eventually.waitUntil(n + " buffers given back", 20_000, () -> buffers.givenBack() >= n,
            () -> String.valueOf(buffers.givenBack()));
    }

    private static List<List<byte[]>> unpack(final Batch.Reader reader, final byte[] batch) throws Exception {
        final List<List<byte[]>> messages = new ArrayList<>();
        reader.reset(batch);
        final List<byte[]> frames = new ArrayList<>();
        while (reader.next(frames)) {
            messages.add(new ArrayList<>(frames));
            frames.clear();
        }
        return messages;
    }

    private static ZMQ.Socket dealer(final ZContext context, final int port, final String identity) {
        final ZMQ.Socket s = context.createSocket(SocketType.DEALER);
        s.setIdentity(identity.getBytes(StandardCharsets.US_ASCII));
        s.connect("tcp://127.0.0.1:" + port);
        s.send("hello");
        return s;
    }

    /** {@code [identity][""][MDPW01][REQUEST][token][""][payload]}, a request to a worker. */
    private static List<byte[]> message(final String to, final int round, final int m) {
        return List.of(to.getBytes(StandardCharsets.US_ASCII), EMPTY, Mdp.WORKER_BYTES, REQUEST, new byte[12], EMPTY,
            payload(round, m));
    }

    /** Payload {@code m} of round {@code round}: a length and bytes only it has. */
    private static byte[] payload(final int round, final int m) {
        final byte[] b = new byte[50 + (round * 131 + m * 977) % 3000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (round * 31 + m * 7 + i);
        }
        return b;
    }

    private static byte[] batchFrame(final ZMQ.Socket dealer) {
        final List<byte[]> frames = received(dealer);
        assertEquals(3, frames.size(), "[\"\"][SATB01][batch]");
        assertArrayEquals(Batch.PROTOCOL_BYTES, frames.get(1));
        return frames.get(2);
    }

    private static List<byte[]> received(final ZMQ.Socket dealer) {
        final List<byte[]> frames = new ArrayList<>();
        do {
            frames.add(dealer.recv(0));
        } while (dealer.hasReceiveMore());
        return frames;
    }
}
