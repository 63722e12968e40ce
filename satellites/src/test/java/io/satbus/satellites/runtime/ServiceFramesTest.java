package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.protocol.Mdp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** What the orchester sends a satellite, read without a socket, as ServiceRouterTest reads what it is sent. */
class ServiceFramesTest {
    private static final byte[] EMPTY = new byte[0];

    /** Writes every call as one line. */
    private static final class Recorder implements ServiceFrames.Handler {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onRequest(final List<byte[]> frames) {
            seen.add("request " + frames.size());
        }

        @Override
        public void onHeartbeat() {
            seen.add("heartbeat");
        }

        @Override
        public void onDisconnect() {
            seen.add("disconnect");
        }

        @Override
        public void onAcknowledged(final byte[] service, final long messageId) {
            seen.add("ack " + new String(service, StandardCharsets.UTF_8) + " " + messageId);
        }

        @Override
        public void onNotice(final String service, final long messageId, final Notice notice) {
            seen.add("notice " + service + " " + messageId + " " + notice.describe());
        }
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] header(final long id) {
        return EnvelopeCodec.encodeHeader(new Envelope(id, "t", "gen", 0, 1, 0, Envelope.DEFAULT_CONTENT_TYPE, Map.of(),
            EMPTY));
    }

    private static List<String> decoded(final byte[]... frames) throws MalformedFrameException {
        final Recorder r = new Recorder();
        ServiceFrames.decode(List.of(frames), r);
        return r.seen;
    }

    @Test
    void workerCommandsAndRepliesToSendsAreToldApart() throws Exception {
        assertEquals(List.of("request 6"), decoded(EMPTY, Mdp.WORKER_BYTES, new byte[] {Mdp.REQUEST}, utf8("client"),
            EMPTY, utf8("body")));
        assertEquals(List.of("heartbeat"), decoded(EMPTY, Mdp.WORKER_BYTES, new byte[] {Mdp.HEARTBEAT}));
        assertEquals(List.of("disconnect"), decoded(EMPTY, Mdp.WORKER_BYTES, new byte[] {Mdp.DISCONNECT}));
        assertEquals(List.of("ack upper -7"), decoded(EMPTY, Mdp.CLIENT_BYTES, utf8("upper"), header(-7), EMPTY));
    }

    @Test
    void aDeadNoticeAndARefusalCarryTheirReasons() throws Exception {
        final MessageBufferPacker dead = MessagePack.newDefaultBufferPacker();
        dead.packMapHeader(2).packString("attempts").packInt(3).packString("history").packArrayHeader(1).packMapHeader(1)
            .packString("outcome").packString("timeout");
        assertEquals(List.of("notice upper 42 3 attempts, last: timeout"),
            decoded(EMPTY, Mdp.CLIENT_BYTES, utf8("upper"), header(42), EMPTY, dead.toByteArray()));
        final MessageBufferPacker refused = MessagePack.newDefaultBufferPacker();
        refused.packMapHeader(2).packString("refused").packString("queue full").packString("retry_after_ms").packLong(250);
        assertEquals(List.of("notice upper 42 refused: queue full"),
            decoded(EMPTY, Mdp.CLIENT_BYTES, utf8("upper"), header(42), EMPTY, refused.toByteArray()));
    }

    @Test
    void anythingElseIsMalformedSayingWhatWasExpected() {
        assertEquals("protocol : \"XYZ\" (expected: MDPW01 or MDPC01)", assertThrows(MalformedFrameException.class,
            () -> decoded(EMPTY, utf8("XYZ"), utf8("x"))).getMessage());
        assertEquals("command : 2 bytes (expected: 1)", assertThrows(MalformedFrameException.class,
            () -> decoded(EMPTY, Mdp.WORKER_BYTES, new byte[] {1, 2})).getMessage());
        assertEquals("message : 2 frames (expected: [\"\"][protocol][...] of at least 3 frames)",
            assertThrows(MalformedFrameException.class, () -> decoded(EMPTY, Mdp.WORKER_BYTES)).getMessage());
        assertThrows(MalformedFrameException.class, () -> decoded(EMPTY, Mdp.CLIENT_BYTES, utf8("upper"), header(1)));
        assertThrows(MalformedFrameException.class,
            () -> decoded(EMPTY, Mdp.WORKER_BYTES, new byte[] {Mdp.READY}), "a worker is not sent READY");
    }

    @Test
    void aBatchsMessagesReadInPlaceDecodeAsTheirCopiesDo() throws Exception {
        final byte[] payload = utf8("payload");
        final Envelope sent = new Envelope(-7_000_000_001L, "topo", "gen", 3, 2, 1_700_000_000_000_000L, "text/plain",
            Map.of("k", "v"), payload);
        final List<List<byte[]>> messages = List.of(
            List.of(Mdp.CLIENT_BYTES, utf8("upper"), EnvelopeCodec.encodeAckHeader(41), EMPTY),
            List.of(Mdp.WORKER_BYTES, new byte[] {Mdp.HEARTBEAT}),
            List.of(Mdp.CLIENT_BYTES, utf8("out"), header(42), payload),
            List.of(Mdp.WORKER_BYTES, new byte[] {Mdp.REQUEST}, new byte[12], EMPTY, EnvelopeCodec.encodeHeader(sent),
                payload));
        final Batch.Writer w = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        for (List<byte[]> m : messages) {
            w.add(m, 0);
        }
        final Batch.Reader reader = new Batch.Reader(Mdp.MAX_FRAMES);
        reader.reset(Arrays.copyOf(w.array(), w.size()));
        final Batch.Frames inPlace = new Batch.Frames(reader, EMPTY);
        final Recorder fromBatch = new Recorder();
        final Recorder fromCopies = new Recorder();
        Envelope request = null;
        for (List<byte[]> m : messages) {
            assertTrue(inPlace.read());
            final List<byte[]> copies = new ArrayList<>(m.size() + 1);
            copies.add(EMPTY);
            copies.addAll(m);
            ServiceFrames.decode(inPlace, fromBatch);
            ServiceFrames.decode(copies, fromCopies);
            if (m.get(0) == Mdp.WORKER_BYTES && m.size() == 6) {
                request = ServiceFrames.envelope(inPlace, 5, inPlace.get(6));
            }
        }
        assertFalse(inPlace.read(), "four messages, then the batch is done");
        assertEquals(List.of("ack upper 41", "heartbeat", "ack out 42", "request 7"), fromBatch.seen);
        assertEquals(fromCopies.seen, fromBatch.seen);
        assertEquals(sent.id(), request.id());
        assertEquals("topo", request.topology());
        assertEquals("gen", request.origin());
        assertEquals(3, request.instance());
        assertEquals(2, request.attempt());
        assertEquals(sent.createdAtUs(), request.createdAtUs());
        assertEquals("text/plain", request.contentType());
        assertEquals(Map.of("k", "v"), request.headers());
        assertArrayEquals(payload, request.payload());
    }

    @Test
    void aHeaderCutShortInABatchIsMalformedAsItsCopyIs() throws Exception {
        final byte[] whole = EnvelopeCodec.encodeAckHeader(5);
        final byte[] cut = Arrays.copyOf(whole, whole.length - 3);
        final Batch.Writer w = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        // a message after it, whose bytes follow the cut header in the array, must not be read as its end
        w.add(List.of(Mdp.CLIENT_BYTES, utf8("upper"), cut, EMPTY), 0);
        w.add(List.of(Mdp.CLIENT_BYTES, utf8("upper"), whole, EMPTY), 0);
        final Batch.Reader reader = new Batch.Reader(Mdp.MAX_FRAMES);
        reader.reset(Arrays.copyOf(w.array(), w.size()));
        final Batch.Frames inPlace = new Batch.Frames(reader, EMPTY);
        assertTrue(inPlace.read());
        final String fromBatch = assertThrows(MalformedFrameException.class,
            () -> ServiceFrames.decode(inPlace, new Recorder())).getMessage();
        final String fromCopy = assertThrows(MalformedFrameException.class,
            () -> decoded(EMPTY, Mdp.CLIENT_BYTES, utf8("upper"), cut, EMPTY)).getMessage();
        assertEquals(fromCopy, fromBatch);
        assertTrue(inPlace.read());
        final Recorder next = new Recorder();
        ServiceFrames.decode(inPlace, next);
        assertEquals(List.of("ack upper 5"), next.seen);
    }
}
