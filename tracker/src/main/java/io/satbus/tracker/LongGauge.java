package io.satbus.tracker;

import com.codahale.metrics.Gauge;

/**
 * A gauge whose value one thread sets and any thread reads: a volatile long, no lock. The owner
 * keeps the running value in a plain field and publishes it here.
 *
 * <p>{@link #set} and {@link #add} by the owning thread only; {@link #getValue} from any thread.
 */
final class LongGauge implements Gauge<Long> {
    private volatile long value;

    void set(final long v) {
        value = v;
    }

    /** Owner thread only: read-modify-write without atomicity, safe because nobody else writes. */
    void add(final long delta) {
        value = value + delta;
    }

    long get() {
        return value;
    }

    @Override
    public Long getValue() {
        return value;
    }
}
