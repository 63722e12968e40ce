package io.satbus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one loop of every role: an exception in a turn is counted and the loop goes on; an Error is not caught. */
@Timeout(10)
class AgentRunnerTest {
    /** Works on turns 1.., throws on the ones listed, idles on the ones that did nothing. */
    private static final class Scripted implements Agent {
        private final List<Long> failOn;
        private final List<String> seen = new ArrayList<>();

        Scripted(final List<Long> failOn) {
            this.failOn = failOn;
        }

        @Override
        public int doWork(final long nowMs) {
            if (failOn.contains(nowMs)) {
                throw new IllegalStateException("bad turn " + nowMs);
            }
            seen.add("work " + nowMs);
            return nowMs % 2 == 0 ? 0 : 1;
        }

        @Override
        public void idle(final long nowMs) {
            seen.add("idle " + nowMs);
        }

        @Override
        public String roleName() {
            return "scripted";
        }
    }

    @Test
    void anExceptionInATurnIsCountedAndTheLoopGoesOn() {
        final Scripted agent = new Scripted(List.of(2L, 3L));
        final long[] clock = {0};
        final LongAdder errors = new LongAdder();
        AgentRunner.run(agent, nowMs -> nowMs < 5, () -> ++clock[0], errors);
        assertEquals(2, errors.sum(), "turns 2 and 3 threw");
        assertEquals(List.of("work 1", "work 4", "idle 4"), agent.seen, "turn 4 came after them; an idle turn idles");
    }

    @Test
    void anErrorIsNotCaughtSoTheProcessCanEnd() {
        final Agent dying = new Agent() {
            @Override
            public int doWork(final long nowMs) {
                throw new OutOfMemoryError("simulated");
            }

            @Override
            public String roleName() {
                return "dying";
            }
        };
        final LongAdder errors = new LongAdder();
        assertThrows(OutOfMemoryError.class, () -> AgentRunner.run(dying, nowMs -> true, () -> 0, errors));
        assertEquals(0, errors.sum());
    }
}
