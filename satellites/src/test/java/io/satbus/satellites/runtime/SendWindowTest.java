package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class SendWindowTest {
    @Test
    void fillsUpAndMakesRoomOnAcks() {
        final SendWindow w = new SendWindow(2, 100);
        w.sent(1, 0);
        assertTrue(w.hasRoom());
        w.sent(2, 0);
        assertFalse(w.hasRoom());
        assertTrue(w.acked(1));
        assertFalse(w.acked(1), "a repeated ack matches nothing");
        assertTrue(w.hasRoom());
        assertEquals(1, w.size());
    }

    @Test
    void expiresOldestSendsAtTheirDeadline() {
        final SendWindow w = new SendWindow(10, 100);
        w.sent(1, 0);
        w.sent(2, 50);
        w.sent(3, 60);
        assertEquals(0, w.expire(99));
        assertEquals(1, w.expire(100));
        assertTrue(w.acked(3));
        assertEquals(1, w.expire(1000));
        assertEquals(0, w.size());
    }

    @Test
    void aResentIdCountsOnceAndTakesTheNewDeadline() {
        final SendWindow w = new SendWindow(10, 100);
        w.sent(1, 0);
        w.sent(1, 80);
        assertEquals(1, w.size());
        assertEquals(0, w.expire(150));
        assertEquals(1, w.expire(180));
    }

    @Test
    void clearGivesUpEverySend() {
        final SendWindow w = new SendWindow(10, 100);
        w.sent(1, 0);
        w.sent(2, 0);
        assertEquals(2, w.clear());
        assertEquals(0, w.size());
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertEquals("send window : 0 (expected: >= 1)",
            assertThrows(IllegalArgumentException.class, () -> new SendWindow(0, 1)).getMessage());
    }
}
