package io.satbus.core.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.MalformedFrameException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

class EnvelopeCodecTest {
    private static final byte[] PAYLOAD = "hello".getBytes(StandardCharsets.UTF_8);
    private static final Envelope WITH_HEADERS = new Envelope(-2L, "hello", "gen", 3, 2, 1_700_000_000_000_000L,
        "text/plain", Map.of("trace", "abc", "k", ""), PAYLOAD);

    @Test
    void roundTripKeepsEveryField() throws MalformedFrameException {
        final Envelope decoded = EnvelopeCodec.decode(EnvelopeCodec.encodeHeader(WITH_HEADERS), PAYLOAD);

        assertEquals(WITH_HEADERS, decoded);
        assertEquals("18446744073709551614", Long.toUnsignedString(decoded.id()));
        assertSame(PAYLOAD, decoded.payload());
    }

    @Test
    void framesEncodedOneAfterAnotherOnAThreadAreEachWholeAndTheirOwn() throws MalformedFrameException {
        final String big = "x".repeat(700); // past the packer's first buffer: the frame grows mid-header
        final Envelope[] envelopes = {
            new Envelope(1, "t", "gen", 0, 1, 10, Envelope.DEFAULT_CONTENT_TYPE, null, null),
            new Envelope(2, "t", "upper", 1, 2, 20, "text/plain", java.util.Map.of("k", big), null),
            new Envelope(3, new String("t"), "gen", 0, 1, 30, Envelope.DEFAULT_CONTENT_TYPE, null, null),
            new Envelope(-4, "other", "ünïcode", 7, 3, 40, "application/x", java.util.Map.of(), null),
        };
        final byte[][] frames = new byte[envelopes.length][];
        for (int i = 0; i < envelopes.length; i++) {
            frames[i] = EnvelopeCodec.encodeHeader(envelopes[i]);
        }
        for (int i = 0; i < envelopes.length; i++) {
            final Envelope e = envelopes[i];
            final Envelope d = EnvelopeCodec.decode(frames[i], PAYLOAD);
            assertEquals(e.id(), d.id());
            assertEquals(e.topology(), d.topology());
            assertEquals(e.origin(), d.origin());
            assertEquals(e.instance(), d.instance());
            assertEquals(e.attempt(), d.attempt());
            assertEquals(e.createdAtUs(), d.createdAtUs());
            assertEquals(e.contentType(), d.contentType());
            assertEquals(e.headers(), d.headers());
        }
        assertEquals(frames[0].length, EnvelopeCodec.encodeHeader(envelopes[0]).length, "no bytes left over from the big one");
    }

    @Test
    void framesOfTheSameLengthDecodedInTurnOnAThreadEachGiveTheirOwnFields() throws MalformedFrameException {
        // The decoder copies a short frame into its thread's array and reads it through a wrapper
        // kept per length: each decode must read the frame it was given, not the one before it.
        final Envelope a = new Envelope(11, "tA", "genA", 1, 1, 100, "text/plainA", null, PAYLOAD);
        final Envelope b = new Envelope(22, "tB", "genB", 2, 2, 120, "text/plainB", null, PAYLOAD);
        final Envelope big = new Envelope(33, "t", "g", 3, 3, 300, "text/plain", Map.of("k", "y".repeat(900)), PAYLOAD);
        final byte[] ha = EnvelopeCodec.encodeHeader(a);
        final byte[] hb = EnvelopeCodec.encodeHeader(b);
        final byte[] hbig = EnvelopeCodec.encodeHeader(big);
        assertEquals(ha.length, hb.length);

        for (int round = 0; round < 3; round++) {
            assertEquals(a, EnvelopeCodec.decode(ha, PAYLOAD));
            assertEquals(22L, EnvelopeCodec.decodeId(hb));
            assertEquals(b, EnvelopeCodec.decode(hb, PAYLOAD));
            assertEquals(big, EnvelopeCodec.decode(hbig, PAYLOAD), "a frame longer than the thread's array");
            assertEquals(11L, EnvelopeCodec.decodeId(ha));
        }
        final byte[] cut = Arrays.copyOf(ha, ha.length - 1);
        assertThrows(MalformedFrameException.class, () -> EnvelopeCodec.decode(cut, PAYLOAD), "ends where the frame ends");
    }

    @Test
    void roundTripWithoutHeadersGivesEmptyHeaders() throws MalformedFrameException {
        final Envelope e = new Envelope(1, "t", "o", 0, 1, 0, Envelope.DEFAULT_CONTENT_TYPE, null, null);

        final Envelope decoded = EnvelopeCodec.decode(EnvelopeCodec.encodeHeader(e), new byte[0]);

        assertEquals(e, decoded);
        assertEquals(Map.of(), decoded.headers());
    }

    @Test
    void unknownKeysAreSkippedForNewerSenders() throws Exception {
        final byte[] header = map(p -> {
            p.packMapHeader(8);
            requiredFields(p);
            p.packString("future").packArrayHeader(2).packInt(1).packString("x");
        });

        assertEquals("o", EnvelopeCodec.decode(header, PAYLOAD).origin());
    }

    @Test
    void truncatedHeaderIsMalformed() {
        final byte[] full = EnvelopeCodec.encodeHeader(WITH_HEADERS);
        final byte[] truncated = Arrays.copyOf(full, full.length - 3);

        final MalformedFrameException e = assertThrows(MalformedFrameException.class,
            () -> EnvelopeCodec.decode(truncated, PAYLOAD));

        assertEquals("header frame : truncated (expected: a complete MessagePack map)", e.getMessage());
    }

    @Test
    void emptyHeaderIsMalformed() {
        assertMalformed("header frame : empty (expected: MessagePack map)", new byte[0]);
    }

    @Test
    void oversizedHeaderIsMalformed() {
        assertMalformed("header frame : 65537 bytes (expected: <= 65536)", new byte[EnvelopeCodec.MAX_HEADER_BYTES + 1]);
    }

    @Test
    void headerThatIsNotAMapIsMalformed() throws Exception {
        assertMalformed("header frame : ARRAY (expected: MAP)", map(p -> p.packArrayHeader(0)));
    }

    @Test
    void missingRequiredKeyIsMalformed() throws Exception {
        final byte[] header = map(p -> {
            p.packMapHeader(1);
            p.packString("id").packLong(1);
        });

        assertMalformed("header frame : no \"topology\" (expected: every required key)", header);
    }

    @Test
    void wrongTypeIsMalformed() throws Exception {
        final byte[] header = map(p -> {
            p.packMapHeader(1);
            p.packString("instance").packString("three");
        });

        assertMalformed("header \"instance\" : STRING (expected: INTEGER)", header);
    }

    @Test
    void headersThatAreNotAStringMapAreMalformed() throws Exception {
        final byte[] header = map(p -> {
            p.packMapHeader(8);
            requiredFields(p);
            p.packString("headers").packMapHeader(1).packString("k").packInt(1);
        });

        assertMalformed("header \"headers value\" : INTEGER (expected: STRING)", header);
    }

    @Test
    void trailingBytesAreMalformed() {
        final byte[] header = EnvelopeCodec.encodeHeader(WITH_HEADERS);
        final byte[] longer = Arrays.copyOf(header, header.length + 1);

        assertMalformed("header frame : trailing bytes after the map (expected: one map)", longer);
    }

    /** The acknowledgement's own header is a plain MessagePack map of the id, all 64 bits of it. */
    @Test
    void anAcknowledgementHeaderIsAMapOfTheIdAlone() throws Exception {
        for (long id : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000_1234_5678L}) {
            final byte[] header = EnvelopeCodec.encodeAckHeader(id);
            assertEquals(EnvelopeCodec.ACK_HEADER_BYTES, header.length);
            assertEquals(id, EnvelopeCodec.decodeId(header));
            try (org.msgpack.core.MessageUnpacker u = org.msgpack.core.MessagePack.newDefaultUnpacker(header)) {
                assertEquals(1, u.unpackMapHeader());
                assertEquals("id", u.unpackString());
                assertEquals(id, u.unpackLong());
                assertFalse(u.hasNext(), "nothing after the map");
            }
        }
    }

    /**
     * A header encoded into the thread's buffer and packed into a batch from there is the header
     * encodeHeader gives; so is an acknowledgement's written into an array of the caller's.
     */
    @Test
    void aHeaderEncodedInPlaceIsPackedIntoABatchAsTheHeaderItself() throws Exception {
        final Batch.Parts parts = new Batch.Parts();
        parts.add(PAYLOAD);
        EnvelopeCodec.encodeHeaderInto(WITH_HEADERS, parts);
        assertTrue(parts.isRange(1));
        final Batch.Writer w = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        assertTrue(w.offer(parts, 0));
        final byte[] ack = new byte[EnvelopeCodec.ACK_HEADER_BYTES];
        EnvelopeCodec.encodeAckHeader(-5, ack);
        assertArrayEquals(EnvelopeCodec.encodeAckHeader(-5), ack);

        final Batch.Reader r = new Batch.Reader(Batch.MAX_FRAMES);
        r.reset(Arrays.copyOf(w.array(), w.size()));
        final java.util.List<byte[]> got = new java.util.ArrayList<>();
        assertTrue(r.next(got));
        assertArrayEquals(EnvelopeCodec.encodeHeader(WITH_HEADERS), got.get(1));
        assertEquals(WITH_HEADERS, EnvelopeCodec.decode(got.get(1), got.get(0)));
    }

    @Test
    void anAcknowledgementsIdIsReadAloneAndStillChecked() throws Exception {
        assertEquals(WITH_HEADERS.id(), EnvelopeCodec.decodeId(EnvelopeCodec.encodeHeader(WITH_HEADERS)));
        assertEquals(-7, EnvelopeCodec.decodeId(map(p -> p.packMapHeader(2).packString("future").packArrayHeader(1)
            .packInt(1).packString("id").packLong(-7))), "other keys are skipped, whatever they hold");
        final byte[] full = EnvelopeCodec.encodeHeader(WITH_HEADERS);
        assertIdMalformed("header frame : empty (expected: MessagePack map)", new byte[0]);
        assertIdMalformed("header frame : ARRAY (expected: MAP)", map(p -> p.packArrayHeader(0)));
        assertIdMalformed("header frame : no \"id\" (expected: every required key)",
            map(p -> p.packMapHeader(1).packString("topology").packString("t")));
        assertIdMalformed("header \"id\" : STRING (expected: INTEGER)", map(p -> p.packMapHeader(1).packString("id")
            .packString("7")));
        assertIdMalformed("header frame : truncated (expected: a complete MessagePack map)",
            Arrays.copyOf(full, full.length - 3));
        assertIdMalformed("header frame : trailing bytes after the map (expected: one map)",
            Arrays.copyOf(full, full.length + 1));
    }

    private static void assertIdMalformed(final String message, final byte[] header) {
        assertEquals(message, assertThrows(MalformedFrameException.class, () -> EnvelopeCodec.decodeId(header)).getMessage());
    }

    private static void assertMalformed(final String message, final byte[] header) {
        final MalformedFrameException e = assertThrows(MalformedFrameException.class,
            () -> EnvelopeCodec.decode(header, PAYLOAD));
        assertEquals(message, e.getMessage());
    }

    private static void requiredFields(final MessageBufferPacker p) throws IOException {
        p.packString("id").packLong(7);
        p.packString("topology").packString("t");
        p.packString("origin").packString("o");
        p.packString("instance").packInt(0);
        p.packString("attempt").packInt(1);
        p.packString("created_at_us").packLong(0);
        p.packString("content_type").packString("text/plain");
    }

    interface Packing {
        void pack(MessageBufferPacker p) throws IOException;
    }

    static byte[] map(final Packing packing) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            packing.pack(p);
            return p.toByteArray();
        }
    }
}
