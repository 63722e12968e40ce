package io.satbus.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DeadlineWheelTest {
    private static final long TICK = 1L << 20;
    private final List<Integer> fired = new ArrayList<>();
    private final DeadlineWheel.Handler record = (slot, now) -> fired.add(slot);

    @Test
    void firesOnceItsTickHasElapsedAtMostOneTickLate() {
        final DeadlineWheel w = new DeadlineWheel(0, TICK, 8, 4);
        w.schedule(0, 5 * TICK + 3);
        assertEquals(0, w.poll(5 * TICK + 3, record, 10), "its tick has not elapsed yet");
        assertEquals(1, w.poll(6 * TICK, record, 10));
        assertEquals(List.of(0), fired);
        assertEquals(0, w.scheduled());
    }

    @Test
    void keepsDeadlinesBeyondOneRevolutionForLaterRounds() {
        final DeadlineWheel w = new DeadlineWheel(0, TICK, 8, 4);
        w.schedule(0, 20 * TICK);
        assertEquals(0, w.poll(10 * TICK, record, 10));
        assertEquals(0, w.poll(20 * TICK, record, 10));
        assertEquals(1, w.poll(21 * TICK, record, 10));
    }

    @Test
    void cancelAndRescheduleAreConstantTimeListOperations() {
        final DeadlineWheel w = new DeadlineWheel(0, TICK, 8, 2);
        w.ensureCapacity(5);
        for (int i = 0; i < 5; i++) {
            w.schedule(i, 2 * TICK);
        }
        assertTrue(w.cancel(2));
        assertFalse(w.cancel(2));
        w.schedule(4, 7 * TICK); // move out of the bucket
        w.schedule(0, 2 * TICK + 1); // move within the bucket
        assertEquals(3, w.poll(3 * TICK, record, 10));
        assertEquals(List.of(0, 3, 1), fired, "most recently scheduled first within a tick");
        assertEquals(1, w.poll(8 * TICK, record, 10));
    }

    @Test
    void firesAtMostTheLimitAndResumesWhereItStopped() {
        final DeadlineWheel w = new DeadlineWheel(0, TICK, 8, 10);
        for (int i = 0; i < 10; i++) {
            w.schedule(i, TICK);
        }
        assertEquals(4, w.poll(5 * TICK, record, 4));
        assertEquals(4, w.poll(5 * TICK, record, 4));
        assertEquals(2, w.poll(5 * TICK, record, 4));
        assertEquals(10, fired.size());
    }

    @Test
    void aDeadlineInThePastFiresAtTheNextElapsedTick() {
        final DeadlineWheel w = new DeadlineWheel(100 * TICK, TICK, 8, 1);
        w.schedule(0, 3);
        assertEquals(1, w.poll(101 * TICK, record, 10));
    }

    @Test
    void refusesSizesThatAreNotPowersOfTwo() {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new DeadlineWheel(0, TICK, 1000, 1));
        assertEquals("ticks per wheel : 1000 (expected: a power of 2)", ex.getMessage());
    }
}
