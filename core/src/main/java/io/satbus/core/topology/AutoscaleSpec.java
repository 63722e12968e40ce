package io.satbus.core.topology;

/**
 * How {@code satbus run} resizes one worker satellite by its load: the requests waiting for its
 * service and held by its instances, over what its ready instances can hold
 * ({@code (queued + in flight) / (ready instances x credit)}). A load at or above {@code high}
 * for {@code upAfterMs} adds an instance, up to {@code max}; at or below {@code low} for
 * {@code downAfterMs} removes one, down to {@code min}. Immutable.
 *
 * @param min         fewest instances, at least 1
 * @param max         most instances, at least {@code min}, at most {@link SatelliteSpec#MAX_INSTANCES}
 * @param high        load at or above which it grows, in (0, 1], above {@code low}
 * @param low         load at or below which it shrinks, in (0, 1], below {@code high}
 * @param upAfterMs   how long the load must stay high before an instance is added
 * @param downAfterMs how long the load must stay low before an instance is removed
 */
public record AutoscaleSpec(int min, int max, double high, double low, long upAfterMs, long downAfterMs) {
    public static final double DEFAULT_HIGH = 0.8;
    public static final double DEFAULT_LOW = 0.2;
    public static final long DEFAULT_UP_AFTER_MS = 5_000;
    public static final long DEFAULT_DOWN_AFTER_MS = 30_000;

    public AutoscaleSpec {
        if (min < 1 || max < min || max > SatelliteSpec.MAX_INSTANCES) {
            throw new IllegalArgumentException("autoscale min..max : " + min + ".." + max + " (expected: 1 <= min <= max <= "
                + SatelliteSpec.MAX_INSTANCES + ")");
        }
        if (!(low > 0 && low < high && high <= 1)) {
            throw new IllegalArgumentException("autoscale low, high : " + low + ", " + high
                + " (expected: 0 < low < high <= 1)");
        }
        if (upAfterMs < 1 || downAfterMs < 1) {
            throw new IllegalArgumentException("autoscale up_after, down_after : " + upAfterMs + "ms, " + downAfterMs
                + "ms (expected: both > 0)");
        }
    }

    /** True when {@code instances} lies within {@code min..max}. */
    public boolean allows(final int instances) {
        return instances >= min && instances <= max;
    }
}
