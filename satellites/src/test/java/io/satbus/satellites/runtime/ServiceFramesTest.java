package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.protocol.Mdp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
}
