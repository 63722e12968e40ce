package io.satbus.core.zmq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.MalformedFrameException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.Msg;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReceiveBuffersTest {
    private static final int ROUND = 8;

    @Test
    void aBufferGivenBackIsTheOneTheNextMessageOfItsSizeIsReadInto() {
        final ReceiveBuffers buffers = new ReceiveBuffers(Batch.DEFAULT_LIMIT_BYTES, 1 << 20);
        final Msg first = buffers.allocate(3000);
        assertEquals(3000, first.size());
        assertTrue(ReceiveBuffers.pooled(first));
        final byte[] array = first.buf().array();
        buffers.release(first);
        final Msg second = buffers.allocate(2500);
        assertSame(array, second.buf().array(), "a message of the same size class reuses the buffer");
        assertEquals(2500, second.size());
        assertEquals(2, buffers.taken());
        assertEquals(1, buffers.reused());
        assertNotSame(array, buffers.allocate(2600).buf().array(), "a buffer in use is never handed out twice");
    }

    @Test
    void smallAndOversizedMessagesGetArraysOfTheirOwnAndAreNotTakenBack() {
        final ReceiveBuffers buffers = new ReceiveBuffers(4096, 1 << 20);
        final Msg small = buffers.allocate(ReceiveBuffers.MIN_POOLED_BYTES - 1);
        final Msg large = buffers.allocate(4097);
        assertFalse(ReceiveBuffers.pooled(small));
        assertFalse(ReceiveBuffers.pooled(large));
        buffers.release(small);
        buffers.release(large);
        buffers.release(new Msg(4096));
        assertEquals(0, buffers.pooledBytes());
        assertEquals(0, buffers.taken());
    }

    @Test
    void aPooledMessagesDataIsACopySoNoFrameEverSharesTheBuffer() {
        final ReceiveBuffers buffers = new ReceiveBuffers(Batch.DEFAULT_LIMIT_BYTES, 1 << 20);
        // 1024 bytes is a class size exactly: the array is still one longer, so data() must copy.
        final Msg msg = buffers.allocate(1024);
        assertNotSame(msg.buf().array(), msg.data());
        assertEquals(1024, msg.data().length);
        final byte[] array = msg.buf().array();
        final byte[] copied = buffers.copyOut(msg);
        assertNotSame(array, copied);
        assertEquals(1024, copied.length);
        assertSame(array, buffers.allocate(1024).buf().array(), "copied out, the buffer went back at once");
    }

    @Test
    void keepsNoMoreThanItsLimit() {
        final ReceiveBuffers buffers = new ReceiveBuffers(Batch.DEFAULT_LIMIT_BYTES, 5000);
        final Msg a = buffers.allocate(2000);
        final Msg b = buffers.allocate(2000);
        final Msg c = buffers.allocate(2000);
        buffers.release(a);
        buffers.release(b);
        buffers.release(c);
        assertEquals(2 * 2049, buffers.pooledBytes(), "two 2 KB buffers fit 5,000 bytes, the third is left to the collector");
    }

    /**
     * Over real sockets, batches of many sizes are read into buffers that go back after each
     * batch and are read into again while the frames of the earlier batches are kept: every kept
     * frame must still hold its own bytes at the end. A reader that handed out views of the
     * buffer instead of copies fails here.
     */
    @Test
    void framesReadOutOfAReusedBufferKeepTheirBytes() throws MalformedFrameException {
        final int batches = 400;
        try (ZContext context = new ZContext(1)) {
            final ReceiveBuffers buffers = new ReceiveBuffers(Batch.DEFAULT_LIMIT_BYTES, 1 << 20);
            final ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
            router.setMsgAllocator(buffers);
            final int port = router.bindToRandomPort("tcp://127.0.0.1");
            final ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
            dealer.connect("tcp://127.0.0.1:" + port);
            final Batch.Writer writer = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
            final Batch.Reader reader = new Batch.Reader(Batch.MAX_FRAMES);
            final List<byte[]> kept = new ArrayList<>();
            int pooledBatches = 0;
            // In rounds, so that later batches are read into the buffers of earlier ones.
            for (int round = 0; round < batches; round += ROUND) {
                for (int b = round; b < round + ROUND; b++) {
                    writer.clear();
                    for (int m = 0; m < 1 + b % 7; m++) {
                        writer.add(List.of(frame(b, m, 0, 3), frame(b, m, 1, length(b, m))), 0);
                    }
                    dealer.sendMore(new byte[0]);
                    dealer.sendMore(Batch.PROTOCOL_BYTES);
                    dealer.send(Arrays.copyOf(writer.array(), writer.size()), 0);
                }
                for (int b = round; b < round + ROUND; b++) {
                    assertNotNull(router.recv(0), "identity of batch " + b);
                    assertEquals(0, router.recv(0).length);
                    assertArrayEquals(Batch.PROTOCOL_BYTES, router.recv(0));
                    final Msg batch = router.recvMsg(0);
                    if (ReceiveBuffers.pooled(batch)) {
                        pooledBatches++;
                        reader.reset(batch.buf().array(), batch.size());
                    } else {
                        reader.reset(batch.data());
                    }
                    while (reader.next(kept)) {
                        // every message's frames are kept
                    }
                    reader.clear();
                    buffers.release(batch);
                }
            }
            int at = 0;
            for (int b = 0; b < batches; b++) {
                for (int m = 0; m < 1 + b % 7; m++) {
                    assertArrayEquals(frame(b, m, 0, 3), kept.get(at++), "batch " + b + " message " + m + " frame 1");
                    assertArrayEquals(frame(b, m, 1, length(b, m)), kept.get(at++),
                        "batch " + b + " message " + m + " frame 2");
                }
            }
            assertEquals(at, kept.size());
            assertTrue(pooledBatches > batches / 2, "most batches were read into buffers: " + pooledBatches);
            assertTrue(buffers.reused() > batches / 2, "buffers were read into again: " + buffers.reused());
        }
    }

    private static int length(final int b, final int m) {
        return 200 + (b * 131 + m * 977) % 9000;
    }

    /** Frame {@code f} of message {@code m} of batch {@code b}: {@code length} bytes that only it has. */
    private static byte[] frame(final int b, final int m, final int f, final int length) {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (b * 31 + m * 7 + f * 3 + i);
        }
        if (length >= 3) {
            bytes[0] = (byte) b;
            bytes[1] = (byte) (b >>> 8);
            bytes[2] = (byte) m;
        }
        return bytes;
    }
}
