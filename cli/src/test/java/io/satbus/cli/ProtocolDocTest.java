package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/** docs/protocol.md says of the envelope's id what the codec writes: a signed 64-bit integer. */
class ProtocolDocTest {
    @Test
    void theEnvelopeIdIsDocumentedAsTheSignedInt64ItIsOnTheWire() throws Exception {
        final Envelope e = new Envelope(-42L, "t", "gen", 0, 1, 0, Envelope.DEFAULT_CONTENT_TYPE, Map.of(), new byte[0]);
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(EnvelopeCodec.encodeHeader(e))) {
            final int keys = u.unpackMapHeader();
            for (int i = 0; i < keys; i++) {
                if ("id".equals(u.unpackString())) {
                    assertTrue(u.getNextFormat() == MessageFormat.INT8 || u.getNextFormat() == MessageFormat.INT64
                        || u.getNextFormat() == MessageFormat.NEGFIXINT, "a signed integer: " + u.getNextFormat());
                    assertEquals(-42L, u.unpackLong());
                } else {
                    u.skipValue();
                }
            }
        }
        final String doc = Files.readString(TestTopologies.repoRoot().resolve("docs/protocol.md"), StandardCharsets.UTF_8);
        assertTrue(doc.contains("\"id\":            int64    message id"), "protocol.md: the id is int64");
        assertTrue(!doc.contains("uint64"), "protocol.md names no uint64: every 64-bit id is signed on the wire");
    }

    /** docs/protocol.md 2.3 says what an acknowledgement's header is: a map of the id alone, 13 bytes. */
    @Test
    void theAcknowledgementHeaderIsDocumentedAsTheMapItIs() throws Exception {
        final byte[] ack = EnvelopeCodec.encodeAckHeader(-42L);
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(ack)) {
            assertEquals(1, u.unpackMapHeader());
            assertEquals("id", u.unpackString());
            assertEquals(MessageFormat.INT64, u.getNextFormat());
            assertEquals(-42L, u.unpackLong());
        }
        final String doc = Files.readString(TestTopologies.repoRoot().resolve("docs/protocol.md"), StandardCharsets.UTF_8);
        assertTrue(doc.contains("ack header = MessagePack map { \"id\": int64 }"), "protocol.md 2.3: the ack header");
        assertTrue(doc.contains("(" + ack.length + " bytes)"), "protocol.md 2.3: its size, " + ack.length + " bytes");
    }
}
