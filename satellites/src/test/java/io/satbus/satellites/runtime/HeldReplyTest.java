package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeldReplyTest {
    private static final HeldReply.Asker FIRST = new HeldReply.Asker(new byte[] {1}, 1);
    private static final HeldReply.Asker REPEAT = new HeldReply.Asker(new byte[] {2}, 2);

    @Test
    void aRepeatWhileHeldIsAnsweredToo() {
        final HeldReply h = new HeldReply(7, true, FIRST);
        assertEquals(List.of(FIRST), h.askers());

        h.ask(REPEAT);
        h.ask(FIRST);

        assertEquals(List.of(FIRST, REPEAT, FIRST), h.askers());
    }

    @Test
    void goesOnceItsReplyIsSetAndEverySendItWaitsForHasPassed() {
        final HeldReply h = new HeldReply(7, true, FIRST);
        h.waitFor();
        h.waitFor();
        h.reply(new byte[] {9}, new byte[0]);
        assertFalse(h.ready());
        assertFalse(h.passed());
        assertTrue(h.passed());
        assertTrue(h.ready());
    }
}
