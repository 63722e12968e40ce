package io.satbus.tracker;

import com.codahale.metrics.Clock;
import java.util.concurrent.TimeUnit;

/** A clock that moves only when a test says so. */
final class ManualClock extends Clock {
    private static final long EPOCH_MS = 1_700_000_000_000L;
    private long nanos = 5_000_000_000L;

    void advanceMs(final long ms) {
        nanos += TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Override
    public long getTick() {
        return nanos;
    }

    @Override
    public long getTime() {
        return EPOCH_MS + TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
