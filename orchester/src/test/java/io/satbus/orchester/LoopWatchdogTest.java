package io.satbus.orchester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.Liveness;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watchdog on a manual clock: {@code check(now)} is driven by the test, nothing sleeps. */
class LoopWatchdogTest {
    private static final long BOUND_MS = 10_000;
    private static final long CHECK_MS = BOUND_MS / LoopWatchdog.CHECKS_PER_BOUND;

    private final List<String> acted = new ArrayList<>();
    private final Liveness loop = new Liveness("orchester_loop", BOUND_MS, 0);
    private final LoopWatchdog watchdog = new LoopWatchdog(loop, "orchester t routing loop", null, 0, acted::add);

    @Test
    void staysQuietWhileTheLoopTurns() {
        for (long now = CHECK_MS; now <= 10 * BOUND_MS; now += CHECK_MS) {
            loop.turned(now - 1);
            assertNull(watchdog.check(now));
        }
        assertEquals(List.of(), acted);
    }

    @Test
    void actsOnceWhenTheLoopHasNotTurnedForLongerThanTheBound() {
        loop.turned(1_000);
        long now = 1_000;
        while (now < 1_000 + BOUND_MS) {
            now += CHECK_MS;
            assertNull(watchdog.check(now), "within the bound at " + now);
        }
        assertEquals("orchester t routing loop has not turned for 12500 ms (bound 10000 ms)",
            watchdog.check(now + CHECK_MS));
        assertEquals(List.of("orchester t routing loop has not turned for 12500 ms (bound 10000 ms)"), acted);
        assertNull(watchdog.check(now + 2 * CHECK_MS), "acts once");
        assertEquals(1, acted.size());
    }

    @Test
    void actsAtTheNextCheckWhenTheLoopDied() {
        loop.turned(CHECK_MS - 1);
        assertNull(watchdog.check(CHECK_MS));
        loop.died(new IllegalStateException("boom"));
        assertEquals("orchester t routing loop died (java.lang.IllegalStateException: boom)",
            watchdog.check(2 * CHECK_MS));
        assertEquals(1, acted.size());
    }

    @Test
    void aLoopStoppedOnPurposeIsNotAStall() {
        loop.stopped();
        for (long now = CHECK_MS; now <= 3 * BOUND_MS; now += CHECK_MS) {
            assertNull(watchdog.check(now));
        }
        assertEquals(List.of(), acted);
    }

    @Test
    void givesTheLoopAFreshBoundWhenTheWatchdogItselfWasPaused() {
        loop.turned(CHECK_MS);
        assertNull(watchdog.check(CHECK_MS));
        // The whole process was stopped for a minute: the watchdog runs again before the loop does.
        final long resumed = CHECK_MS + 60_000;
        assertNull(watchdog.check(resumed), "a pause of the process is not the loop's stall");
        assertNull(watchdog.check(resumed + CHECK_MS));
        loop.turned(resumed + CHECK_MS + 5);
        assertNull(watchdog.check(resumed + 2 * CHECK_MS));
        // ... but a loop that stays stuck after the pause is acted on one bound later.
        long now = resumed + 2 * CHECK_MS;
        while (acted.isEmpty() && now < resumed + 3 * BOUND_MS) {
            now += CHECK_MS;
            watchdog.check(now);
        }
        assertEquals(1, acted.size());
        assertTrue(now - (resumed + CHECK_MS + 5) > BOUND_MS, "acted only after a full bound since the last turn: " + now);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aStartedWatchdogActsOnItsOwnThreadAndAClosedOneNeverActs() throws Exception {
        final Liveness dying = new Liveness("orchester_loop", 200, System.currentTimeMillis());
        final CompletableFuture<String> line = new CompletableFuture<>();
        final CountDownLatch release = new CountDownLatch(1);
        final Thread loopThread = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, "stuck-loop");
        loopThread.start();
        try (LoopWatchdog w = LoopWatchdog.start(dying, "loop", loopThread, System::currentTimeMillis, line::complete)) {
            dying.died(new IllegalStateException("gone"));
            assertEquals("loop died (java.lang.IllegalStateException: gone)", line.get(5, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            loopThread.join();
        }

        final Liveness stuck = new Liveness("orchester_loop", 50, 0);
        final List<String> never = new ArrayList<>();
        final LoopWatchdog closed = LoopWatchdog.start(stuck, "loop", null, () -> 0, never::add);
        closed.close();
        assertNull(closed.check(0));
        assertEquals(List.of(), never);
    }
}
