package io.satbus.core;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * The one way satbus rate-limits a warning that can repeat without end (bad input, refusals,
 * dead letters, a failing handler, a loop's exception): it is logged the 1st, 2nd, 4th, 8th...
 * time only ({@link #due(long)}), with how many so far, so a flood costs a line per doubling and
 * the count is never lost; the others go to DEBUG. Either count here ({@link #warn}) or pass a
 * count kept elsewhere ({@link #due(long)}, {@link #SUFFIX}).
 *
 * <p>Counting is thread-safe.
 */
public final class RareLog {
    /** Ends each such line, after the count: {@code (12 so far; logged at 1, 2, 4, 8...)}. */
    public static final String SUFFIX = "logged at 1, 2, 4, 8...";

    private final Logger log;
    private final AtomicLong count = new AtomicLong();

    public RareLog(final Logger log) {
        this.log = log;
    }

    /** True when occurrence number {@code n} (1-based) is one to log: a power of two. */
    public static boolean due(final long n) {
        return Long.bitCount(n) == 1;
    }

    /**
     * Counts one more, and logs it at WARN when {@link #due}: {@code format} has {} placeholders for
     * {@code args}, then the count is added; a {@link Throwable} last among {@code args} stays
     * last, for its stack trace.
     */
    public void warn(final String format, final Object... args) {
        final long n = count.incrementAndGet();
        if (due(n)) {
            final boolean thrown = args.length > 0 && args[args.length - 1] instanceof Throwable;
            final int plain = thrown ? args.length - 1 : args.length;
            final Object[] withCount = Arrays.copyOf(args, args.length + 1);
            withCount[plain] = n;
            if (thrown) {
                withCount[plain + 1] = args[plain];
            }
            log.warn(format + " ({} so far; " + SUFFIX + ")", withCount);
        } else if (log.isDebugEnabled()) {
            log.debug(format, args);
        }
    }

    /** How many were counted. */
    public long count() {
        return count.get();
    }
}
