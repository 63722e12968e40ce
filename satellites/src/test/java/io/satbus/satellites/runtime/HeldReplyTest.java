package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeldReplyTest {
    private static final byte[] FIRST = {1};
    private static final byte[] REPEAT = {2};

    @Test
    void aRepeatWhileHeldIsAnsweredToo() {
        final HeldReply h = new HeldReply(7, true, FIRST, 1);
        assertEquals(1, h.askers());
        assertSame(FIRST, h.token(0));
        assertEquals(1, h.generation(0));

        h.ask(REPEAT, 2);
        h.ask(FIRST, 3);

        assertEquals(3, h.askers());
        assertEquals(List.of(FIRST, REPEAT, FIRST), List.of(h.token(0), h.token(1), h.token(2)));
        assertEquals(List.of(1, 2, 3), List.of(h.generation(0), h.generation(1), h.generation(2)));
    }

    @Test
    void goesOnceItsReplyIsSetAndEverySendItWaitsForHasPassed() {
        final HeldReply h = new HeldReply(7, true, FIRST, 1);
        h.waitFor();
        h.waitFor();
        h.reply(new byte[] {9}, new byte[0]);
        assertFalse(h.ready());
        assertFalse(h.passed());
        assertTrue(h.passed());
        assertTrue(h.ready());
    }
}
