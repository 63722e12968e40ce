package io.satbus.tracker;

import com.codahale.metrics.Clock;

/**
 * The tracker's clock as its timers see it: the time of the round being applied, read from the
 * tracker's clock once per round rather than on every update. A reply's latency is already
 * measured at the round's time ({@link DispatchFsm}); Dropwizard's timers read their clock twice
 * more on every update (the rate's tick and the reservoir's rescale), which was an eighth of the
 * tracker thread's time flat out. Rates and the reservoir's decay move in steps of a round (at
 * most the loop's poll timeout, 10 ms, when idle).
 *
 * <p>Advanced by the tracker thread; read by any thread (the reporters read the timers' rates).
 */
final class RoundClock extends Clock {
    private final Clock source;
    private volatile long tick;

    RoundClock(final Clock source) {
        this.source = source;
        this.tick = source.getTick();
    }

    /** The round now being applied is at {@code nowNanos} of the source clock. */
    void advance(final long nowNanos) {
        tick = nowNanos;
    }

    @Override
    public long getTick() {
        return tick;
    }

    @Override
    public long getTime() {
        return source.getTime();
    }
}
