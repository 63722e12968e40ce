package io.satbus.tracker;

import com.codahale.metrics.Clock;
import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Snapshot;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The reservoir of the tracker's latency timers: every latency of the last five whole minutes and
 * of the minute running, in HdrHistogram slices of a minute, read to two significant digits up
 * to an hour (a longer one counts as an hour). About 230 KB per timer: the recorder's two
 * histograms and a spare, of long counts, and six slices of int counts (a slice would overflow
 * only past 35 million replies a second in one bucket).
 *
 * <p>It replaces Dropwizard's exponentially decaying reservoir, which keeps a weighted sample of
 * 1,028 and paid an {@code exp}, a random number and a skip-list insertion for almost every reply
 * (a quarter of the tracker thread's time flat out). Here an update is a bucket increment, and a
 * percentile counts every reply of the window rather than a sample of them.
 *
 * <p>One writer: the tracker thread, which alone updates the timers (an update is wait-free, on
 * HdrHistogram's {@link SingleWriterRecorder}). Any thread may take snapshots. Slices turn on the
 * {@link Clock} given, the tracker's {@link RoundClock}, so an update reads no clock of its own.
 */
final class LatencyWindow implements Reservoir {
    static final long SLICE_NANOS = 60_000_000_000L;
    /** The slice running and the five before it. */
    static final int SLICES = 6;
    static final long LOWEST_NANOS = 1L;
    static final long HIGHEST_NANOS = 3_600_000_000_000L;
    static final int DIGITS = 2;
    /** Values of {@link Snapshot#getValues}: evenly spaced quantiles, as many as the reservoir this replaced kept. */
    static final int SAMPLE_VALUES = 1028;

    private final Clock clock;
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    /** Guarded by this. {@code slices[current]} is the running slice, with what the recorder held at the last turn. */
    private final AbstractHistogram[] slices = new AbstractHistogram[SLICES];
    private int current;
    private Histogram spare;
    /** Start of the running slice on the clock. Written under this; read by the writer without it. */
    private volatile long sliceStartNanos;

    LatencyWindow(final Clock clock) {
        this.clock = clock;
        for (int i = 0; i < SLICES; i++) {
            slices[i] = new IntCountsHistogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
        }
        this.sliceStartNanos = clock.getTick();
    }

    @Override
    public int size() {
        return getSnapshot().size();
    }

    /** Records {@code nanos}; the tracker thread only. */
    @Override
    public void update(final long nanos) {
        final long now = clock.getTick();
        if (now - sliceStartNanos >= SLICE_NANOS) {
            turn(now);
        }
        recorder.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
    }

    @Override
    public Snapshot getSnapshot() {
        return new Window(merged());
    }

    private synchronized Histogram merged() {
        turn(clock.getTick());
        final Histogram all = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
        for (final AbstractHistogram slice : slices) {
            all.add(slice);
        }
        return all;
    }

    /** Moves what the recorder holds into the running slice, then starts the slices {@code now} has reached. */
    private synchronized void turn(final long now) {
        spare = recorder.getIntervalHistogram(spare);
        slices[current].add(spare);
        final long start = sliceStartNanos;
        final long passed = Math.max(0, (now - start) / SLICE_NANOS);
        for (long i = 0; i < Math.min(passed, SLICES); i++) {
            current = (current + 1) % SLICES;
            slices[current].reset();
        }
        sliceStartNanos = start + passed * SLICE_NANOS;
    }

    /** A snapshot: its own copy of the window's counts (HdrHistogram reads an empty one as 0). */
    static final class Window extends Snapshot {
        private final Histogram h;

        Window(final Histogram h) {
            this.h = h;
        }

        @Override
        public double getValue(final double quantile) {
            if (quantile < 0.0 || quantile > 1.0 || Double.isNaN(quantile)) {
                throw new IllegalArgumentException("quantile : " + quantile + " (expected: 0..1)");
            }
            return h.getValueAtPercentile(quantile * 100.0);
        }

        /** {@link #SAMPLE_VALUES} values at evenly spaced quantiles (none when the window is empty). */
        @Override
        public long[] getValues() {
            if (h.getTotalCount() == 0) {
                return new long[0];
            }
            final long[] values = new long[SAMPLE_VALUES];
            for (int i = 0; i < SAMPLE_VALUES; i++) {
                values[i] = h.getValueAtPercentile(100.0 * i / (SAMPLE_VALUES - 1));
            }
            return values;
        }

        @Override
        public int size() {
            return (int) Math.min(Integer.MAX_VALUE, h.getTotalCount());
        }

        @Override
        public long getMax() {
            return h.getMaxValue();
        }

        @Override
        public double getMean() {
            return h.getMean();
        }

        @Override
        public long getMin() {
            return h.getMinValue();
        }

        @Override
        public double getStdDev() {
            return h.getStdDeviation();
        }

        @Override
        public void dump(final OutputStream output) {
            try (PrintWriter out = new PrintWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8))) {
                for (final long v : getValues()) {
                    out.println(v);
                }
            }
        }
    }
}
