package io.satbus.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tracker's timers see the time of the round being applied, read once per round. */
@Timeout(10)
class RoundClockTest {
    private static final String T = "rc";

    @Test
    void standsAtTheRoundsTickAndTellsTheSourcesTime() {
        final ManualClock source = new ManualClock();
        final RoundClock clock = new RoundClock(source);
        assertEquals(source.getTick(), clock.getTick());
        source.advanceMs(1_000);
        assertEquals(source.getTick() - 1_000_000_000L, clock.getTick(), "moved without a round");
        clock.advance(source.getTick());
        assertEquals(source.getTick(), clock.getTick());
        assertEquals(source.getTime(), clock.getTime());
    }

    @Test
    void theTrackersTimersReadNoClockPerUpdateAndMoveWithItsRounds() {
        final CountingClock source = new CountingClock();
        final MetricRegistry registry = new MetricRegistry();
        final TrackerEngine engine = new TrackerEngine(
            TrackerConfig.from(TrackerTopologies.topology(T, 1000, 0, Map.of("svc", new long[] {100, 2}))), registry,
            source, new Decisions(), 16);
        engine.onWorkerUp(1, "00aa", "svc", "svc", 0);
        final Timer latency = registry.getTimers().entrySet().stream()
            .filter(e -> e.getKey().endsWith(".svc.latency")).map(Map.Entry::getValue).findFirst().orElse(null);
        assertNotNull(latency, () -> "no svc latency timer among " + registry.getTimers().keySet());

        engine.poll(source.getTick());
        final long ticksBefore = source.ticks;
        for (long id = 1; id <= 1_000; id++) {
            engine.onDispatched(id, 1, 1);
            engine.onReplied(id, 1);
        }
        assertEquals(1_000, latency.getCount());
        assertEquals(0, source.ticks - ticksBefore, "clock reads for 1,000 replies in one round");

        source.advanceMs(10_000);
        engine.poll(source.getTick());
        final double rate = latency.getMeanRate();
        source.advanceMs(10_000);
        assertEquals(rate, latency.getMeanRate(), 1e-9, "the rate moved with the source clock between rounds");
        engine.poll(source.getTick());
        assertEquals(rate / 2, latency.getMeanRate(), rate / 1e6, "the rate did not move with the next round");
    }

    /** A manual clock that counts the reads of its tick. */
    private static final class CountingClock extends com.codahale.metrics.Clock {
        private final ManualClock clock = new ManualClock();
        private long ticks;

        void advanceMs(final long ms) {
            clock.advanceMs(ms);
        }

        @Override
        public long getTick() {
            ticks++;
            return clock.getTick();
        }

        @Override
        public long getTime() {
            return clock.getTime();
        }
    }
}
