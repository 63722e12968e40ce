package io.satbus.satellites.firehose;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Counts one kind of problem and logs it at WARN the 1st, 2nd, 4th, 8th... time only, so bad
 * input never floods the log; the others go to DEBUG. Counting is thread-safe.
 */
final class RareLog {
    private final Logger log;
    private final AtomicLong count = new AtomicLong();

    RareLog(final Logger log) {
        this.log = log;
    }

    /** Counts one more; {@code format} has {} placeholders for {@code args}, then the count is appended. */
    void warn(final String format, final Object... args) {
        final long n = count.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            final Object[] withCount = java.util.Arrays.copyOf(args, args.length + 1);
            withCount[args.length] = n;
            log.warn(format + " ({} so far; logged at 1, 2, 4, 8...)", withCount);
        } else if (log.isDebugEnabled()) {
            log.debug(format, args);
        }
    }

    long count() {
        return count.get();
    }
}
