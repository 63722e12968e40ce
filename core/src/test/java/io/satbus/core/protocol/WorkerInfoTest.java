package io.satbus.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

class WorkerInfoTest {

    @Test
    void roundTripKeepsEveryField() throws MalformedFrameException {
        final WorkerInfo info = new WorkerInfo("upper", 1, WorkerInfo.MAX_CREDIT);

        assertEquals(info, WorkerInfo.decode(info.encode()));
    }

    @Test
    void constructorRejectsCreditOutOfRange() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorkerInfo("a", 0, 0));

        assertEquals("credit : 0 (expected: 1..10000)", e.getMessage());
    }

    @Test
    void creditOutOfRangeIsMalformed() throws IOException {
        final byte[] frame = frame(p -> p.packMapHeader(1).packString("credit").packInt(10_001));

        final MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> WorkerInfo.decode(frame));

        assertEquals("worker info \"credit\" : 10001 (expected: 1..10000)", e.getMessage());
    }

    @Test
    void negativeInstanceIsMalformed() throws IOException {
        final byte[] frame = frame(p -> p.packMapHeader(1).packString("instance").packInt(-1));

        final MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> WorkerInfo.decode(frame));

        assertEquals("worker info \"instance\" : -1 (expected: >= 0)", e.getMessage());
    }

    @Test
    void frameThatIsNotAMapIsMalformed() throws IOException {
        final MalformedFrameException e = assertThrows(MalformedFrameException.class,
            () -> WorkerInfo.decode(frame(p -> p.packString("upper"))));

        assertEquals("worker info : STRING (expected: MAP)", e.getMessage());
    }

    @Test
    void wrongTypeIsMalformed() throws IOException {
        final byte[] frame = frame(p -> p.packMapHeader(1).packString("satellite").packInt(3));

        final MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> WorkerInfo.decode(frame));

        assertTrue(e.getMessage().startsWith("worker info : not a valid MessagePack map ("), e.getMessage());
    }

    @Test
    void emptyOversizedAndTruncatedFramesAreMalformed() {
        assertEquals("worker info : 0 bytes (expected: MessagePack map of 1..4096 bytes)",
            assertThrows(MalformedFrameException.class, () -> WorkerInfo.decode(new byte[0])).getMessage());
        assertEquals("worker info : 4097 bytes (expected: MessagePack map of 1..4096 bytes)",
            assertThrows(MalformedFrameException.class, () -> WorkerInfo.decode(new byte[4097])).getMessage());
        final byte[] full = new WorkerInfo("upper", 1, 5).encode();
        final MalformedFrameException truncated = assertThrows(MalformedFrameException.class,
            () -> WorkerInfo.decode(Arrays.copyOf(full, full.length - 1)));
        assertEquals("worker info : truncated (expected: a complete MessagePack map)", truncated.getMessage());
    }

    interface Packing {
        void pack(MessageBufferPacker p) throws IOException;
    }

    private static byte[] frame(final Packing packing) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            packing.pack(p);
            return p.toByteArray();
        }
    }
}
