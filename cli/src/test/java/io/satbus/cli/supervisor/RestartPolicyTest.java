package io.satbus.cli.supervisor;

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
}
