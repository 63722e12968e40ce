package io.satbus.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.topology.SupervisorSpec;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    /** 2 quick restarts, then 100 ms doubling up to 400 ms; more than 5 exits in 10 s is flapping. */
    private static final SupervisorSpec SPEC = new SupervisorSpec(2, 100, 400, 5, 10_000);

    @Test
    void restartsTheFirstExitsAtOnceThenBacksOffDoublingUpToTheCap() {
        final RestartPolicy p = new RestartPolicy(SPEC);
        long now = 1_000;
        final long[] expectedDelays = {0, 0, 100, 200, 400};
        for (long expected : expectedDelays) {
            final long next = p.onExit(now);
            assertEquals(expected, next - now, "delay after exit at " + now);
            assertFalse(p.flapping(now));
            now = next + 50;
        }
    }

    @Test
    void capsTheBackoffAtMaxBackoff() {
        final RestartPolicy p = new RestartPolicy(new SupervisorSpec(0, 100, 250, 100, 60_000));
        assertEquals(100, p.onExit(0));
        assertEquals(1 + 200, p.onExit(1));
        assertEquals(2 + 250, p.onExit(2));
        assertEquals(3 + 250, p.onExit(3));
    }

    @Test
    void marksAnInstanceThatExitsTooOftenInTheWindowFlappingAndHoldsItOffForAWindow() {
        final RestartPolicy p = new RestartPolicy(SPEC);
        for (int i = 0; i < 5; i++) {
            p.onExit(i * 1_000);
        }
        final long next = p.onExit(5_000);

        assertEquals(5_000 + 10_000, next, "held off for one window");
        assertTrue(p.flapping(5_000));
        assertTrue(p.flapping(14_999));
        assertFalse(p.flapping(15_000));
        assertEquals(1, p.flaps());
    }

    @Test
    void forgetsExitsOlderThanTheWindow() {
        final RestartPolicy p = new RestartPolicy(SPEC);
        for (int i = 0; i < 5; i++) {
            p.onExit(i);
        }
        final long now = 20_000;
        assertEquals(now, p.onExit(now), "the first exit of a new window is a quick restart");
        assertFalse(p.flapping(now));
        assertEquals(0, p.flaps());
    }

    @Test
    void restartsTheOrchesterAtOnceThenWithinTheCapAndNeverHoldsItOff() {
        final RestartPolicy p = RestartPolicy.forOrchester(SupervisorSpec.defaults());
        long now = 1_000;
        long longest = 0;
        for (int exit = 0; exit < 6; exit++) {
            final long next = p.onExit(now);
            if (exit == 0) {
                assertEquals(now, next, "the first exit is restarted at once");
            }
            longest = Math.max(longest, next - now);
            assertFalse(p.flapping(now), "never flapping, exit " + (exit + 1));
            now = next + 3_000;
        }
        assertTrue(now - 1_000 < 20_000, "six exits within 20 s");
        assertTrue(longest <= RestartPolicy.ORCHESTER_MAX_BACKOFF_MS, "longest hold-off " + longest + " ms");
        assertEquals(0, p.flaps());
    }

    @Test
    void theOrchesterIsNeverHeldOffEvenWhenItExitsAsSoonAsItStarts() {
        final RestartPolicy p = RestartPolicy.forOrchester(SPEC);
        long now = 0;
        for (int exit = 0; exit < 100; exit++) {
            final long next = p.onExit(now);
            assertTrue(next - now <= RestartPolicy.ORCHESTER_MAX_BACKOFF_MS, "delay after exit " + (exit + 1));
            assertFalse(p.flapping(next));
            now = next;
        }
    }

    @Test
    void aSatelliteThatExitsSixTimesInTwentySecondsIsStillHeldOff() {
        final RestartPolicy p = new RestartPolicy(SupervisorSpec.defaults());
        long next = 0;
        for (int exit = 0; exit < 6; exit++) {
            next = p.onExit(exit * 3_000L);
        }
        assertTrue(p.flapping(15_000));
        assertEquals(15_000 + SupervisorSpec.DEFAULT_WINDOW_MS, next);
    }
}
