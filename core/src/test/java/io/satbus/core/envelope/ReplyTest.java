package io.satbus.core.envelope;

import static io.satbus.core.envelope.EnvelopeCodecTest.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.satbus.core.protocol.MalformedFrameException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReplyTest {

    @Test
    void okRoundTripsToTheSharedInstance() throws MalformedFrameException {
        assertSame(Reply.OK, Reply.decode(Reply.OK.encode()));
    }

    @Test
    void errorRoundTripsWithItsText() throws MalformedFrameException {
        assertEquals(Reply.error("disk full"), Reply.decode(Reply.error("disk full").encode()));
        assertEquals(new Reply(false, ""), Reply.error(null));
    }

    @Test
    void encodeHandsOutACopyOfTheOkFrame() throws MalformedFrameException {
        final byte[] frame = Reply.OK.encode();
        Arrays.fill(frame, (byte) 0);

        assertSame(Reply.OK, Reply.decode(Reply.OK.encode()));
    }

    @Test
    void unknownStatusIsMalformed() throws Exception {
        final byte[] frame = map(p -> p.packMapHeader(1).packString("status").packString("maybe"));

        final MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> Reply.decode(frame));

        assertEquals("reply header \"status\" : maybe (expected: \"ok\" or \"error\")", e.getMessage());
    }

    @Test
    void missingStatusIsMalformed() throws Exception {
        final byte[] frame = map(p -> p.packMapHeader(0));

        final MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> Reply.decode(frame));

        assertEquals("reply header \"status\" : null (expected: \"ok\" or \"error\")", e.getMessage());
    }

    @Test
    void wrongTypeIsMalformed() throws Exception {
        final byte[] frame = map(p -> p.packMapHeader(1).packString("status").packBoolean(true));

        final MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> Reply.decode(frame));

        assertEquals("header \"status\" : BOOLEAN (expected: STRING)", e.getMessage());
    }

    @Test
    void emptyAndTruncatedFramesAreMalformed() {
        final MalformedFrameException empty = assertThrows(MalformedFrameException.class, () -> Reply.decode(new byte[0]));
        assertEquals("reply header : empty (expected: MessagePack map with \"status\")", empty.getMessage());

        final byte[] full = Reply.error("disk full").encode();
        final MalformedFrameException truncated = assertThrows(MalformedFrameException.class,
            () -> Reply.decode(Arrays.copyOf(full, full.length - 2)));
        assertEquals("reply header : truncated (expected: a complete MessagePack map)", truncated.getMessage());
    }
}
