package io.satbus.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A million messages in flight at once, under the surefire fork's -Xmx512m (tracker/pom.xml).
 * Prints the heap each tracked message costs: used heap after full GCs, with a million messages
 * tracked, minus the same with the engine built and empty. The figure is in docs/metrics.md.
 */
@Timeout(120)
class TrackerMemoryTest {
    private static final int MESSAGES = 1_000_000;

    @Test
    void tracksAMillionDispatchesInFlight() {
        final ManualClock clock = new ManualClock();
        final Decisions decisions = new Decisions();
        final TrackerConfig config = TrackerConfig.from(TrackerTopologies.topology("memory", 1000, 0,
            Map.of("svc", new long[] {5000, 2})));
        final TrackerEngine engine = new TrackerEngine(config, new MetricRegistry(), clock, decisions,
            TrackerConfig.DEFAULT_INITIAL_CAPACITY);
        for (int w = 0; w < 100; w++) {
            engine.onWorkerUp(w, String.format("%010x", w), "svc", "svc", w);
        }
        final DispatchFsm fsm = engine.fsm();
        final long before = usedHeapAfterGc();
        for (int i = 0; i < MESSAGES; i++) {
            fsm.dispatched(1_000_000_000L + i, 1, i % 100, clock.getTick());
            if (i % 1000 == 999) {
                clock.advanceMs(1); // a million dispatches over about a second, spread over the wheel
            }
        }
        final long after = usedHeapAfterGc();
        assertEquals(MESSAGES, fsm.size());
        final double perMessage = (after - before) / (double) MESSAGES;
        System.out.printf("tracker memory: %d messages in flight, %.1f MiB, %.1f bytes per tracked message "
                + "(arrays: %.1f bytes per message; max heap %d MiB)%n", MESSAGES, (after - before) / 1048576.0,
            perMessage, fsm.footprintBytes() / (double) MESSAGES, Runtime.getRuntime().maxMemory() >> 20);
        assertTrue(perMessage < 100, "bytes per tracked message: " + perMessage + " (expected: < 100)");

        clock.advanceMs(6000);
        int fired = 0;
        for (int n; (n = fsm.poll(clock.getTick())) > 0; ) {
            fired += n;
        }
        assertEquals(MESSAGES, fired, "every deadline fires once");
        assertEquals(MESSAGES, decisions.seen.size());
    }

    private static long usedHeapAfterGc() {
        final MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
