package io.satbus.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.satbus.core.topology.AutoscaleSpec;
import io.satbus.supervisor.Autoscaler.Observation;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The autoscaling rule on a fake clock: the test says what time it is and what the supervisor sees. */
@Timeout(5)
class AutoscalerTest {
    /** 1..4 instances; grow after 2 s at >= 0.8, shrink after 10 s at <= 0.2. */
    private static final AutoscaleSpec RULE = new AutoscaleSpec(1, 4, 0.8, 0.2, 2_000, 10_000);
    private static final int CREDIT = 10;
    private static final long TICK_MS = 100;

    private final Autoscaler scaler = new Autoscaler("parser", RULE, CREDIT);
    private long now = 1_000_000;
    private int wanted = 1;

    /** Every instance wanted is ready; {@code held} requests queued and in flight in all. */
    private static Observation steady(final int wanted, final int held) {
        return new Observation(wanted, wanted, false, Math.max(0, held - wanted * CREDIT), Math.min(held, wanted * CREDIT),
            true);
    }

    /** Feeds {@code o} every tick for {@code ms}; returns when the count first changed, or -1. */
    private long feed(final long ms, final IntFunction<Observation> o) {
        return feed(ms, o, false);
    }

    /** Feeds {@code o} every tick until the count changes, for {@code ms} at most; returns when it changed, or -1. */
    private long next(final long ms, final IntFunction<Observation> o) {
        return feed(ms, o, true);
    }

    private long feed(final long ms, final IntFunction<Observation> o, final boolean stopAtChange) {
        final long until = now + ms;
        long changedAt = -1;
        while (now < until) {
            now += TICK_MS;
            final int before = wanted;
            wanted = scaler.decide(now, o.apply(wanted));
            if (wanted != before && changedAt == -1) {
                changedAt = now;
                if (stopAtChange) {
                    break;
                }
            }
        }
        return changedAt;
    }

    @Test
    void growsByOneAfterTheLoadStaysHighForUpAfter() {
        final long start = now;
        final long changedAt = next(5_000, n -> steady(n, 9 * n));
        assertEquals(2, wanted);
        assertEquals(start + 2_100, changedAt, "first high reading at +100 ms, 2 s later it grows");
        assertEquals(1, scaler.scaleUps());
        assertEquals("parser: load 0.90 >= 0.80 for 2.0 s, scaling 1 -> 2", scaler.lastDecision());
    }

    @Test
    void aSpikeShorterThanUpAfterChangesNothing() {
        feed(1_900, n -> steady(n, 50));
        feed(100, n -> steady(n, 5));
        feed(1_900, n -> steady(n, 50));
        assertEquals(1, wanted, "two spikes of 1.9 s with a calm reading between");
        assertEquals(0, scaler.scaleUps());
        assertNull(scaler.lastDecision());
    }

    @Test
    void shrinksByOneAfterTheLoadStaysLowForDownAfterAndNeverBelowMin() {
        wanted = 3;
        assertEquals(-1, feed(9_900, n -> steady(n, 0)), "not before 10 s of low load");
        next(1_000, n -> steady(n, 0));
        assertEquals(2, wanted);
        assertEquals("parser: load 0.00 <= 0.20 for 10.0 s, scaling 3 -> 2", scaler.lastDecision());
        feed(60_000, n -> steady(n, 0));
        assertEquals(1, wanted, "down to min and no further");
        assertEquals(2, scaler.scaleDowns());
        assertEquals("low, at min", scaler.status().state());
    }

    @Test
    void neverGrowsBeyondMax() {
        feed(120_000, n -> steady(n, 1_000));
        assertEquals(4, wanted);
        assertEquals(3, scaler.scaleUps());
        assertEquals("high, at max", scaler.status().state());
    }

    @Test
    void waitsUpAfterAgainAfterEachChangeMeasuredFromTheChange() {
        final long first = next(10_000, n -> steady(n, 1_000));
        final long second = next(10_000, n -> steady(n, 1_000));
        assertEquals(3, wanted);
        assertEquals(2_100, second - first, "up_after measured afresh from the first reading after the change");
    }

    @Test
    void aCountSetByHandRestartsTheMeasurement() {
        feed(1_500, n -> steady(n, 1_000));
        scaler.setByHand(now, 1, 2);
        wanted = 2;
        final long handAt = now;
        final long grewAt = next(10_000, n -> steady(n, 1_000));
        assertEquals(3, wanted);
        assertEquals(handAt + 2_100, grewAt, "the 1.5 s of high load before the hand count do not count");
        assertEquals("parser: load 50.00 >= 0.80 for 2.0 s, scaling 2 -> 3", scaler.lastDecision());
    }

    @Test
    void instancesStillStartingDoNotCountAsCapacityNorCauseMoreGrowth() {
        feed(3_000, n -> steady(n, 1_000));
        assertEquals(2, wanted);
        // The second instance takes a minute to be ready: the load (on one instance) stays high all along.
        assertEquals(-1, feed(60_000, n -> new Observation(n, 1, false, 990, 10, true)));
        assertEquals(2, wanted, "no third instance while the second is not ready");
        assertEquals("held: instances starting", scaler.status().state());
        assertEquals(1, scaler.status().ready());
        assertEquals(100.0, scaler.status().load(), "load on the one ready instance: 1000 / (1 x 10)");
        // Once it is ready, the load must stay high up_after more before the next growth.
        assertEquals(now + 2_100, next(10_000, n -> steady(n, 1_000)));
        assertEquals(3, wanted);
    }

    @Test
    void aFlappingInstanceStopsGrowthButNotShrinking() {
        wanted = 3;
        assertEquals(-1, feed(60_000, n -> new Observation(n, n - 1, true, 500, 20, true)));
        assertEquals(3, wanted, "no growth while an instance is flapping");
        assertEquals("held: an instance is flapping", scaler.status().state());
        feed(11_000, n -> new Observation(n, n - 1, true, 0, 0, true));
        assertEquals(2, wanted, "low load still shrinks it");
    }

    @Test
    void holdsWithoutFiguresOrWithoutAReadyInstance() {
        assertEquals(-1, feed(30_000, n -> Observation.unknown(n, n, false)));
        assertEquals("held: no figures from the orchester", scaler.status().state());
        assertNull(scaler.status().load());
        assertEquals(-1, feed(30_000, n -> new Observation(n, 0, false, 500, 0, true)));
        assertEquals("held: no instance ready", scaler.status().state());
        assertEquals(1, wanted);
    }

    @Test
    void aGapWithoutFiguresRestartsTheMeasurement() {
        feed(1_900, n -> steady(n, 1_000));
        feed(100, n -> Observation.unknown(n, n, false));
        assertEquals(-1, feed(1_900, n -> steady(n, 1_000)));
        assertEquals(1, wanted);
    }

    @Test
    void loadBetweenTheWatermarksHoldsTheCount() {
        wanted = 2;
        assertEquals(-1, feed(120_000, n -> steady(n, 10)));
        assertEquals("steady", scaler.status().state());
        assertEquals(0.5, scaler.status().load());
    }

    @Test
    void statusCarriesTheRuleAndTheCounters() {
        feed(3_000, n -> steady(n, 1_000));
        final SupervisorStatus.AutoscaleStatus s = scaler.status();
        assertEquals(1, s.min());
        assertEquals(4, s.max());
        assertEquals(0.8, s.high());
        assertEquals(0.2, s.low());
        assertEquals(2_000, s.upAfterMs());
        assertEquals(10_000, s.downAfterMs());
        assertEquals(1, s.scaleUps());
        assertEquals(0, s.scaleDowns());
        assertEquals(1_000_000 + 2_100, s.lastChangeMs());
        assertEquals("parser: load 100.00 >= 0.80 for 2.0 s, scaling 1 -> 2", s.lastDecision());
    }
}
