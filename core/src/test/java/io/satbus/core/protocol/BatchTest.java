package io.satbus.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchTest {
    private static byte[] b(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<List<byte[]>> readAll(final byte[] frame, final int maxFrames) throws MalformedFrameException {
        final Batch.Reader r = new Batch.Reader(maxFrames);
        r.reset(frame);
        final List<List<byte[]>> out = new ArrayList<>();
        final List<byte[]> into = new ArrayList<>();
        while (r.next(into)) {
            out.add(new ArrayList<>(into));
            into.clear();
        }
        return out;
    }

    private static byte[] pack(final Batch.Writer w) {
        return Arrays.copyOf(w.array(), w.size());
    }

    @Test
    void messagesComeOutInOrderWithEveryFrameIntactIncludingEmptyOnes() throws Exception {
        final Batch.Writer w = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        w.add(List.of(b("identity"), b("MDPC01"), b("upper"), b("header"), b("payload")), 1);
        w.add(List.of(b("MDPW01"), new byte[] {Mdp.REPLY}, new byte[12], new byte[0], b("ok")), 0);
        assertEquals(2, w.messages());

        final List<List<byte[]>> got = readAll(pack(w), 4096);

        assertEquals(2, got.size());
        assertEquals(4, got.get(0).size(), "the identity before 'from' is left out");
        assertArrayEquals(b("MDPC01"), got.get(0).get(0));
        assertArrayEquals(b("payload"), got.get(0).get(3));
        assertEquals(5, got.get(1).size());
        assertArrayEquals(new byte[12], got.get(1).get(2));
        assertEquals(0, got.get(1).get(3).length);
        assertArrayEquals(b("ok"), got.get(1).get(4));
    }

    /**
     * A range of a larger array is packed as exactly its bytes, counted as its length against the
     * limit, and got as a copy of its own (a message sent unbatched); the parts are reusable.
     */
    @Test
    void partsPackARangeAsItsBytesAndHandItOutAsACopy() throws Exception {
        final byte[] scratch = b("xxTOKENyy");
        final Batch.Parts parts = new Batch.Parts();
        parts.add(b("MDPW01"));
        parts.addRange(scratch, 2, 5);
        assertFalse(parts.isRange(0));
        assertTrue(parts.isRange(1));
        assertEquals(2 + 4 + 6 + 4 + 5, Batch.encodedSize(parts, 0));
        final Batch.Writer w = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        w.add(parts, 0);
        final byte[] got = parts.get(1);
        assertArrayEquals(b("TOKEN"), got);
        scratch[2] = 'X';
        assertArrayEquals(b("TOKEN"), got, "a copy, not a view");
        parts.clear();
        assertEquals(0, parts.size());
        parts.add(b("again"));
        w.add(parts, 0);

        final List<List<byte[]>> read = readAll(pack(w), 16);
        assertEquals(2, read.size());
        assertArrayEquals(b("TOKEN"), read.get(0).get(1), "packed before the scratch changed");
        assertArrayEquals(b("again"), read.get(1).get(0));
        assertThrows(IndexOutOfBoundsException.class, () -> parts.addRange(scratch, 5, 10));
    }

    @Test
    void aWriterRefusesWhatWouldPassItsLimitAndIsReusableAfterClear() {
        final List<byte[]> msg = List.of(b("MDPC01"), new byte[100]);
        final long one = Batch.encodedSize(msg, 0);
        assertEquals(2 + 4 + 6 + 4 + 100, one);
        final Batch.Writer w = new Batch.Writer((int) (2 * one));
        assertTrue(w.offer(msg, 0));
        w.add(msg, 0);
        assertFalse(w.offer(msg, 0), "a third would pass the limit");
        assertTrue(new Batch.Writer((int) (2 * one)).offer(msg, 0), "alone, it fits");
        assertThrows(IllegalArgumentException.class, () -> w.add(msg, 0));
        assertEquals(2 * one, w.size());
        w.clear();
        assertTrue(w.isEmpty());
        assertEquals(0, w.size());
        assertFalse(new Batch.Writer(50).offer(msg, 0), "larger than the limit: to be sent unbatched");
    }

    @Test
    void aMessageCutShortEndsTheBatchAfterTheWholeOnesBeforeIt() throws Exception {
        final Batch.Writer w = new Batch.Writer(4096);
        w.add(List.of(b("MDPC01"), b("a")), 0);
        w.add(List.of(b("MDPC01"), b("bb")), 0);
        final byte[] cut = Arrays.copyOf(w.array(), w.size() - 1);
        final Batch.Reader r = new Batch.Reader(4096);
        r.reset(cut);
        final List<byte[]> into = new ArrayList<>();
        assertTrue(r.next(into));
        assertArrayEquals(b("a"), into.get(1));
        into.clear();
        final MalformedFrameException ex = assertThrows(MalformedFrameException.class, () -> r.next(into));
        assertTrue(ex.getMessage().contains("message 2 frame 2 : length 2 with 1 bytes left"), ex.getMessage());
        assertTrue(into.isEmpty(), "no partial message is left behind");
        assertFalse(r.hasNext(), "the rest of the batch is dropped");
    }

    /** A batch read into a receive buffer longer than itself: the reader stops at its length. */
    @Test
    void aBatchHeldAtTheStartOfALongerBufferEndsAtItsLength() throws Exception {
        final Batch.Writer w = new Batch.Writer(4096);
        w.add(List.of(b("MDPC01"), b("upper"), new byte[40]), 0);
        w.add(List.of(b("MDPW01"), new byte[] {2}), 0);
        final byte[] buffer = Arrays.copyOf(w.array(), w.size() + 64);
        Arrays.fill(buffer, w.size(), buffer.length, (byte) 0x7f);
        final Batch.Reader r = new Batch.Reader(4096);
        r.reset(buffer, w.size());
        final List<byte[]> into = new ArrayList<>();
        assertTrue(r.next(into));
        assertTrue(r.next(into));
        assertFalse(r.hasNext());
        assertFalse(r.next(into));
        assertEquals(5, into.size());
        assertArrayEquals(new byte[40], into.get(2));
        assertNotSame(buffer, into.get(2));
        r.reset(buffer, w.size());
        r.clear();
        assertFalse(r.hasNext(), "a cleared reader reads nothing more of its buffer");
        assertThrows(MalformedFrameException.class, () -> r.reset(buffer, 0));
    }

    @Test
    void emptyBatchesZeroFrameMessagesAndTooManyFramesAreMalformed() {
        assertThrows(MalformedFrameException.class, () -> new Batch.Reader(4096).reset(new byte[0]));
        final MalformedFrameException zero = assertThrows(MalformedFrameException.class,
            () -> readAll(new byte[] {0, 0}, 4096));
        assertTrue(zero.getMessage().contains("0 frames (expected: 1..4096)"), zero.getMessage());
        final MalformedFrameException many = assertThrows(MalformedFrameException.class,
            () -> readAll(new byte[] {0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 2));
        assertTrue(many.getMessage().contains("3 frames (expected: 1..2)"), many.getMessage());
        final MalformedFrameException noCount = assertThrows(MalformedFrameException.class,
            () -> readAll(new byte[] {0, 1, 0, 0, 0, 0, 7}, 4096));
        assertTrue(noCount.getMessage().contains("message 2 : 1 bytes left (expected: a 2-byte frame count)"),
            noCount.getMessage());
        final MalformedFrameException huge = assertThrows(MalformedFrameException.class,
            () -> readAll(new byte[] {0, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 4096));
        assertTrue(huge.getMessage().contains("length 4294967295 with 0 bytes left"), huge.getMessage());
    }

    @Test
    void batchShapeIsRecognisedOnlyAsEmptyThenSatb01ThenOneFrame() {
        assertTrue(Batch.isBatch(List.of(b("id"), new byte[0], Batch.PROTOCOL_BYTES, b("x")), 1));
        assertTrue(Batch.isBatch(List.of(new byte[0], Batch.PROTOCOL_BYTES, b("x")), 0));
        assertFalse(Batch.isBatch(List.of(new byte[0], Mdp.CLIENT_BYTES, b("x")), 0));
        assertFalse(Batch.isBatch(List.of(new byte[0], Batch.PROTOCOL_BYTES, b("x"), b("y")), 0));
    }
    @Test
    void aShortFrameSeenBeforeIsTheSameArrayAndEveryFrameKeepsItsOwnBytes() throws Exception {
        final Batch.Writer w = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        final byte[] longFrame = new byte[Batch.Reader.SHARED_MAX_BYTES + 1];
        for (int i = 0; i < 300; i++) {
            w.add(List.of(b("MDPC01"), b("service-" + (i % 7)), b("unique-" + i), longFrame), 0);
        }
        final List<List<byte[]>> got = readAll(pack(w), 4096);

        assertEquals(300, got.size());
        final Set<byte[]> protocolArrays = Collections.newSetFromMap(new IdentityHashMap<>());
        final Set<byte[]> longArrays = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < got.size(); i++) {
            final List<byte[]> m = got.get(i);
            assertArrayEquals(b("MDPC01"), m.get(0));
            assertArrayEquals(b("service-" + (i % 7)), m.get(1), "message " + i);
            assertArrayEquals(b("unique-" + i), m.get(2), "message " + i + " : a short frame seen once keeps its bytes");
            assertArrayEquals(longFrame, m.get(3));
            protocolArrays.add(m.get(0));
            longArrays.add(m.get(3));
        }
        assertTrue(protocolArrays.size() < 10, () -> protocolArrays.size() + " arrays for the protocol frame of 300"
            + " messages (expected: a few at most, however many other short frames take its place between)");
        assertEquals(300, longArrays.size(), "a frame longer than SHARED_MAX_BYTES is a copy of its own");
    }

    @Test
    void shortFramesOfEveryLengthKeepTheirBytesWhereverTheyEndInTheArray() throws Exception {
        // Frames of 1..SHARED_MAX_BYTES + 1 bytes, each twice as often with the same bytes (to be
        // shared) as with bytes that differ from those in one place only, the last byte or the
        // first, and the batch read from arrays that end right after it or a little further:
        // a short frame's words are read past its end where the array allows, masked to its length.
        final List<List<byte[]>> sent = new ArrayList<>();
        final Batch.Writer w = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        for (int round = 0; round < 4; round++) {
            for (int len = 1; len <= Batch.Reader.SHARED_MAX_BYTES + 1; len++) {
                final byte[] same = new byte[len];
                Arrays.fill(same, (byte) len);
                final byte[] lastDiffers = same.clone();
                lastDiffers[len - 1] = (byte) (round + 100);
                final byte[] firstDiffers = same.clone();
                firstDiffers[0] = (byte) (round + 200);
                for (byte[] f : List.of(same, lastDiffers, same, firstDiffers)) {
                    final List<byte[]> m = List.of(f.clone());
                    sent.add(m);
                    w.add(m, 0);
                }
            }
        }
        final byte[] exact = pack(w);
        for (int slack = 0; slack <= 8; slack++) {
            final Batch.Reader r = new Batch.Reader(4096);
            r.reset(Arrays.copyOf(exact, exact.length + slack), exact.length);
            final List<byte[]> got = new ArrayList<>();
            boolean more = true;
            while (more) {
                more = r.next(got);
            }
            assertEquals(sent.size(), got.size(), "slack " + slack);
            for (int i = 0; i < sent.size(); i++) {
                assertArrayEquals(sent.get(i).get(0), got.get(i), "slack " + slack + ", frame " + i);
            }
        }
    }

    @Test
    void offerAddsWhatFitsAndLeavesTheBatchAsItWasWhenNot() throws Exception {
        final List<byte[]> m = List.of(b("MDPC01"), b("svc"), new byte[20]);
        final int one = (int) Batch.encodedSize(m, 0);
        final Batch.Writer offered = new Batch.Writer(2 * one + 1);
        final Batch.Writer added = new Batch.Writer(2 * one + 1);
        assertTrue(offered.offer(m, 0));
        assertTrue(offered.offer(m, 0));
        added.add(m, 0);
        added.add(m, 0);
        assertArrayEquals(pack(added), pack(offered));

        assertFalse(offered.offer(m, 0), "a third does not fit in 2 x " + one + " + 1 bytes");
        assertEquals(2, offered.messages());
        assertArrayEquals(pack(added), pack(offered), "a refused offer writes nothing");
        assertEquals(List.of("MDPC01", "svc"), readAll(pack(offered), 16).get(1).subList(0, 2).stream()
            .map(f -> new String(f, StandardCharsets.US_ASCII)).toList());

        final List<byte[]> tooMany = new ArrayList<>();
        for (int i = 0; i <= Batch.MAX_FRAMES; i++) {
            tooMany.add(new byte[0]);
        }
        final Batch.Writer roomy = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        assertFalse(roomy.offer(tooMany, 0), "more than MAX_FRAMES frames never fit");
        assertTrue(roomy.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> roomy.offer(m, 3));
    }

    @Test
    void aMessageReadInPlaceIsWhereItsFramesLieAndTheListGivesThemAsNextDoes() throws Exception {
        final byte[] identity = b("peer-1");
        final Batch.Writer w = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        final List<List<byte[]>> sent = List.of(
            List.of(b("MDPC01"), b("svc"), new byte[40], b("payload")),
            List.of(b("MDPW01"), new byte[] {4}),
            List.of(new byte[0]));
        for (List<byte[]> m : sent) {
            w.add(m, 0);
        }
        final byte[] batch = pack(w);
        final Batch.Reader r = new Batch.Reader(16);
        r.reset(batch);
        final Batch.Frames frames = new Batch.Frames(r, identity, new byte[0]);
        for (List<byte[]> m : sent) {
            assertTrue(frames.read());
            assertEquals(2 + m.size(), frames.size());
            assertSame(identity, frames.get(0));
            assertFalse(frames.inBatch(1));
            for (int i = 0; i < m.size(); i++) {
                assertTrue(frames.inBatch(2 + i));
                assertArrayEquals(m.get(i), Arrays.copyOfRange(frames.array(), frames.offset(2 + i),
                    frames.offset(2 + i) + frames.length(2 + i)), "frame " + i + " in place");
                assertArrayEquals(m.get(i), frames.get(2 + i));
                assertSame(frames.get(2 + i), frames.get(2 + i), "a frame got twice is one array");
            }
        }
        assertFalse(frames.read());
        assertEquals(2, frames.size(), "a done batch leaves the prefix alone");
    }

    @Test
    void aMessageCutShortReadInPlaceThrowsAndLeavesThePrefixAlone() throws Exception {
        final Batch.Reader r = new Batch.Reader(16);
        // one whole message of one 1-byte frame, then one whose frame says 9 bytes and has 1
        r.reset(new byte[] {0, 1, 0, 0, 0, 1, 7, 0, 1, 0, 0, 0, 9, 7});
        final Batch.Frames frames = new Batch.Frames(r, new byte[0]);
        assertTrue(frames.read());
        assertArrayEquals(new byte[] {7}, frames.get(1));
        final MalformedFrameException cut = assertThrows(MalformedFrameException.class, frames::read);
        assertTrue(cut.getMessage().contains("message 2 frame 1 : length 9 with 1 bytes left"), cut.getMessage());
        assertEquals(1, frames.size());
        assertFalse(frames.read(), "the rest of the batch is dropped with it");
        assertThrows(IndexOutOfBoundsException.class, () -> r.offset(0));
    }

    @Test
    void aMessageReadInPlaceForwardedAfterANewHeadIsTheBatchOfItsFramesGot() throws Exception {
        final Batch.Writer in = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        final List<List<byte[]>> sent = List.of(
            List.of(b("MDPW01"), new byte[] {Mdp.REPLY}, b("token-123456"), new byte[0], b("{ok}"), new byte[70]),
            List.of(b("MDPW01"), new byte[] {Mdp.REPLY}, b("token-abcdef"), new byte[0], b("{ok}"), b("ack"), new byte[0]),
            List.of(b("MDPW01"), new byte[] {Mdp.REPLY}, b("token-ghijkl"), new byte[0], b("{ok}")));
        for (List<byte[]> m : sent) {
            in.add(m, 0);
        }
        final Batch.Reader r = new Batch.Reader(16);
        r.reset(pack(in));
        final Batch.Frames frames = new Batch.Frames(r, b("worker-1"), new byte[0]);
        frames.setPrefix(0, b("worker-2"));
        final List<byte[]> head = List.of(b("client-9"), new byte[0], b("MDPC01"), b("upper"));
        final Batch.Writer inPlace = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        final Batch.Writer copied = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        for (List<byte[]> m : sent) {
            assertTrue(frames.read());
            assertArrayEquals(b("worker-2"), frames.get(0), "the prefix set for this sender");
            // forwarded from frame 7 on (a reply's body after its status), as the orchester forwards it to the client
            assertTrue(inPlace.offer(head, 2, frames, 7));
            final List<byte[]> joined = new ArrayList<>(head);
            for (int i = 7; i < frames.size(); i++) {
                joined.add(m.get(i - 2));
            }
            assertTrue(copied.offer(joined, 2));
        }
        assertArrayEquals(pack(copied), pack(inPlace));
        final List<List<byte[]>> out = readAll(pack(inPlace), 16);
        assertEquals(3, out.size());
        assertEquals(3, out.get(0).size());
        assertArrayEquals(new byte[70], out.get(0).get(2));
        assertArrayEquals(b("ack"), out.get(1).get(2));
        assertEquals(0, out.get(1).get(3).length);
        assertEquals(2, out.get(2).size(), "a reply with no body after its status is forwarded as the head alone");
        assertThrows(IndexOutOfBoundsException.class, () -> frames.setPrefix(2, b("x")));
    }

    @Test
    void anyFrameListIsReadWhereItsBytesAre() throws Exception {
        final List<byte[]> plain = List.of(b("id"), b("frame"));
        assertSame(plain.get(1), Batch.Frames.arrayOf(plain, 1));
        assertEquals(0, Batch.Frames.offsetOf(plain, 1));
        assertEquals(5, Batch.Frames.lengthOf(plain, 1));

        final Batch.Writer w = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        w.add(List.of(b("one"), b("second")), 0);
        final byte[] batch = pack(w);
        final Batch.Reader r = new Batch.Reader(16);
        r.reset(batch);
        final Batch.Frames frames = new Batch.Frames(r, b("prefix"));
        assertTrue(frames.read());
        assertArrayEquals(b("prefix"), Batch.Frames.arrayOf(frames, 0), "a prefix frame is its own array");
        assertEquals(0, Batch.Frames.offsetOf(frames, 0));
        assertEquals(6, Batch.Frames.lengthOf(frames, 0));
        assertSame(batch, Batch.Frames.arrayOf(frames, 2));
        assertEquals(6, Batch.Frames.lengthOf(frames, 2));
        final int at = Batch.Frames.offsetOf(frames, 2);
        assertArrayEquals(b("second"), Arrays.copyOfRange(batch, at, at + 6));
    }
}
