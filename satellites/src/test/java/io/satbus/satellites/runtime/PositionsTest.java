package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PositionsTest {
    @Test
    void thePrefixAdvancesOverEveryPositionWhoseCustodyPassedInAnyOrder() {
        final Positions p = new Positions(1000, 0, 0, 0, new long[0]);
        for (int i = 0; i < 5; i++) {
            assertEquals(1000 + i, p.nextId());
            p.kept(i);
        }
        p.pass(1);
        p.pass(3);
        assertEquals(0, p.prefix());
        assertArrayEquals(new long[] {1, 3}, p.passedBeyondPrefix());
        p.pass(0);
        assertEquals(2, p.prefix(), "0 and 1 passed");
        p.pass(2);
        assertEquals(4, p.prefix(), "up to 3");
        assertTrue(p.passed(3));
        assertFalse(p.passed(4));
        assertEquals(2, p.positionOf(1002));
        assertEquals(-1, p.positionOf(1005), "not created yet");
        assertEquals(-1, p.positionOf(999), "another slot's id");
    }

    @Test
    void aRestartCountsOnlyMessagesSentAndNeverPassedAsLost() {
        // 6 created, 5 sent (the last was created and never sent: its process died first); 0, 2 and 4 passed.
        final Positions p = new Positions(0, 6, 5, 1, new long[] {2, 4});
        assertEquals(5, p.restartNext());
        assertEquals(2, p.writeOffUnpassed(), "1 and 3");
        assertEquals(5, p.prefix());
        assertEquals(6, p.nextId(), "new ids after every id created before");
    }

    @Test
    void aResumedSourceProducesAgainUnderTheIdsItHad() {
        final Positions p = new Positions(7, 6, 5, 1, new long[] {2});
        p.resumeAt(p.prefix());
        assertEquals(8, p.nextId(), "position 1 again");
        assertTrue(p.passed(2), "2 passed before the restart: not to be sent again");
        assertThrows(IllegalArgumentException.class, () -> p.resumeAt(6));
    }
}
