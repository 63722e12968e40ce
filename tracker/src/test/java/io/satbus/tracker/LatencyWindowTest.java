package io.satbus.tracker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Snapshot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The latency timers' reservoir: every latency of about the last five minutes, on the given clock. */
@Timeout(30)
class LatencyWindowTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;

    @Test
    void countsEveryLatencyAndReadsPercentilesToTwoDigits() {
        final LatencyWindow w = new LatencyWindow(new ManualClock());
        for (long v = 1; v <= 10_000; v++) {
            w.update(v * US);
        }
        final Snapshot s = w.getSnapshot();
        assertEquals(10_000, s.size());
        assertEquals(5_000 * US, s.getMedian(), 5_000 * US / 100.0);
        assertEquals(9_900 * US, s.get99thPercentile(), 9_900 * US / 100.0);
        assertEquals(9_990 * US, s.get999thPercentile(), 9_990 * US / 100.0);
        assertEquals(1 * US, s.getMin(), US / 100.0);
        assertEquals(10_000 * US, s.getMax(), 10_000 * US / 100.0);
        assertEquals(5_000.5 * US, s.getMean(), 5_000 * US / 100.0);
        assertEquals(2_886.9 * US, s.getStdDev(), 2_886 * US / 100.0);
        assertThrows(IllegalArgumentException.class, () -> s.getValue(1.5));
        assertThrows(IllegalArgumentException.class, () -> s.getValue(Double.NaN));
    }

    @Test
    void anEmptyWindowReadsZero() {
        final Snapshot s = new LatencyWindow(new ManualClock()).getSnapshot();
        assertEquals(0, s.size());
        assertEquals(0.0, s.get99thPercentile());
        assertEquals(0, s.getMin());
        assertEquals(0, s.getMax());
        assertEquals(0.0, s.getMean());
        assertEquals(0.0, s.getStdDev());
        assertEquals(0, s.getValues().length);
    }

    @Test
    void forgetsLatenciesOnceTheirMinuteIsFiveWholeMinutesBehind() {
        final ManualClock clock = new ManualClock();
        final LatencyWindow w = new LatencyWindow(clock);
        for (int i = 0; i < 1_000; i++) {
            w.update(1 * MS);
        }
        clock.advanceMs(TimeUnit.MINUTES.toMillis(3));
        for (int i = 0; i < 1_000; i++) {
            w.update(10 * MS);
        }
        Snapshot s = w.getSnapshot();
        assertEquals(2_000, s.size(), "both minutes are in the window");
        assertEquals(1 * MS, s.getMin(), MS / 100.0);

        clock.advanceMs(TimeUnit.MINUTES.toMillis(3) - 1);
        assertEquals(2_000, w.getSnapshot().size(), "the first minute is still five whole minutes back");
        clock.advanceMs(1);
        s = w.getSnapshot();
        assertEquals(1_000, s.size(), "the first minute is six behind");
        assertEquals(10 * MS, s.getMin(), 10 * MS / 100.0);
        assertEquals(10 * MS, s.get99thPercentile(), 10 * MS / 100.0);

        clock.advanceMs(TimeUnit.HOURS.toMillis(5));
        w.update(2 * MS);
        s = w.getSnapshot();
        assertEquals(1, s.size(), "hours idle leave only what came after");
        assertEquals(2 * MS, s.getMax(), 2 * MS / 100.0);
    }

    @Test
    void updatesTurnTheSlicesWithoutASnapshot() {
        final ManualClock clock = new ManualClock();
        final LatencyWindow w = new LatencyWindow(clock);
        for (int minute = 0; minute < 20; minute++) {
            w.update(minute * MS + MS);
            clock.advanceMs(TimeUnit.MINUTES.toMillis(1));
        }
        final Snapshot s = w.getSnapshot();
        // minutes 15..19 are the five whole minutes behind the running one (20, empty)
        assertEquals(5, s.size());
        assertEquals(16 * MS, s.getMin(), 16 * MS / 100.0);
        assertEquals(20 * MS, s.getMax(), 20 * MS / 100.0);
    }

    @Test
    void keepsOutOfRangeLatenciesAtItsBounds() {
        final LatencyWindow w = new LatencyWindow(new ManualClock());
        w.update(-5);
        w.update(0);
        w.update(TimeUnit.HOURS.toNanos(30));
        final Snapshot s = w.getSnapshot();
        assertEquals(3, s.size());
        assertEquals(0, s.getMin());
        assertEquals(LatencyWindow.HIGHEST_NANOS, s.getMax(), LatencyWindow.HIGHEST_NANOS / 100.0);
    }

    @Test
    void valuesAndDumpGiveEvenlySpacedQuantiles() {
        final LatencyWindow w = new LatencyWindow(new ManualClock());
        for (long v = 1; v <= 100; v++) {
            w.update(v * MS);
        }
        final Snapshot s = w.getSnapshot();
        final long[] values = s.getValues();
        assertEquals(LatencyWindow.SAMPLE_VALUES, values.length);
        assertEquals(1 * MS, values[0], MS / 100.0);
        assertEquals(100 * MS, values[values.length - 1], 100 * MS / 100.0);
        for (int i = 1; i < values.length; i++) {
            assertTrue(values[i - 1] <= values[i], "values in order at " + i);
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.dump(out);
        final long[] dumped = out.toString(StandardCharsets.UTF_8).lines().mapToLong(Long::parseLong).toArray();
        assertArrayEquals(values, dumped);
    }

    @Test
    void snapshotsTakenWhileTheTrackerWritesLoseNoLatency() throws Exception {
        final ManualClock clock = new ManualClock();
        final LatencyWindow w = new LatencyWindow(clock);
        final int updates = 2_000_000;
        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicReference<String> problem = new AtomicReference<>();
        final Thread reader = new Thread(() -> {
            long last = 0;
            while (writing.get()) {
                final long n = w.getSnapshot().size();
                if (n < last || n > updates) {
                    problem.set("a snapshot of " + n + " after one of " + last);
                }
                last = n;
            }
        });
        reader.start();
        for (int i = 0; i < updates; i++) {
            w.update(i % 1000 * US + US);
        }
        writing.set(false);
        reader.join();
        assertEquals(null, problem.get());
        assertEquals(updates, w.getSnapshot().size());
    }
}
