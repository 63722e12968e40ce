package io.satbus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LivenessTest {
    @Test
    void aLoopIsAliveUntilItHasNotTurnedForLongerThanItsBound() {
        final Liveness l = new Liveness("orchester_loop", 100, 1_000);
        assertTrue(l.alive(1_100), "the bound runs from the start until the first turn");
        assertFalse(l.alive(1_101));
        l.turned(1_050);
        assertTrue(l.alive(1_150));
        assertFalse(l.alive(1_151));
        assertEquals(1_050, l.lastTurnMs());
        assertNull(l.death());
    }

    @Test
    void aLoopThatDiedOrStoppedIsNotAliveHoweverRecentItsLastTurn() {
        final Liveness died = new Liveness("orchester_loop", 100, 0);
        died.died(new IllegalStateException("boom"));
        assertFalse(died.alive(0));
        assertEquals("java.lang.IllegalStateException: boom", died.death());

        final Liveness stopped = new Liveness("orchester_loop", 100, 0);
        stopped.stopped();
        assertFalse(stopped.alive(0));
        assertEquals("stopped", stopped.death());
        stopped.died(new IllegalStateException("later"));
        assertEquals("java.lang.IllegalStateException: later", stopped.death(), "an exception says more than stopped");
    }

    @Test
    void aBoundThatIsNotPositiveIsRefused() {
        assertEquals("stallBoundMs : 0 (expected: > 0)",
            assertThrows(IllegalArgumentException.class, () -> new Liveness("x", 0, 0)).getMessage());
    }
}
