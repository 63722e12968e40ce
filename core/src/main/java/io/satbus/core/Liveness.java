package io.satbus.core;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a role's loop is still turning. Its thread calls {@link #turned(long)} at the start of
 * every round and {@link #died(Throwable)} when the loop ends by an exception; anyone may ask
 * {@link #alive(long)}. A loop that has not turned for more than {@link #stallBoundMs()} is
 * stalled: a wedged round, or a thread that is gone. The HTTP view's {@code /health} and the
 * orchester's watchdog read the same object, so they never disagree.
 *
 * <p>Thread-safe: one writer (the loop's thread), any number of readers. A turn is one ordered
 * store ({@code lazySet}), not a full fence: the loop may turn tens of thousands of times a
 * second, and a reader only needs to see a turn within microseconds, not at once.
 */
public final class Liveness {
    private final String name;
    private final long stallBoundMs;
    private final AtomicLong lastTurnMs;
    private volatile String death;

    /**
     * @param name         how /health and logs name the loop ({@code orchester_loop})
     * @param stallBoundMs longest time between two turns of a loop that is alive
     * @param nowMs        when the loop starts: the bound runs from here until its first turn
     */
    public Liveness(final String name, final long stallBoundMs, final long nowMs) {
        this.name = Objects.requireNonNull(name, "name");
        if (stallBoundMs <= 0) {
            throw new IllegalArgumentException("stallBoundMs : " + stallBoundMs + " (expected: > 0)");
        }
        this.stallBoundMs = stallBoundMs;
        this.lastTurnMs = new AtomicLong(nowMs);
    }

    public String name() {
        return name;
    }

    public long stallBoundMs() {
        return stallBoundMs;
    }

    /** The loop begins a round at {@code nowMs}. Loop thread only. */
    public void turned(final long nowMs) {
        lastTurnMs.lazySet(nowMs);
    }

    /** The loop ended by {@code cause} and will not turn again. */
    public void died(final Throwable cause) {
        death = String.valueOf(cause);
    }

    /** The loop was stopped on purpose (the role is closing) and will not turn again. */
    public void stopped() {
        if (death == null) {
            death = "stopped";
        }
    }

    /** When the last round began. */
    public long lastTurnMs() {
        return lastTurnMs.get();
    }

    /** Why the loop will not turn again ("stopped", or the exception that ended it), or null while it may. */
    public String death() {
        return death;
    }

    /** True when the loop has not ended and began a round at most {@link #stallBoundMs()} before {@code nowMs}. */
    public boolean alive(final long nowMs) {
        return death == null && nowMs - lastTurnMs.get() <= stallBoundMs;
    }
}
