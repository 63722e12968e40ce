package io.satbus.orchester;

import org.slf4j.Logger;

/**
 * Logs at most {@code perWindow} warnings per {@code windowMs}, then one line saying how many
 * were suppressed, so garbage from the network cannot flood the log. Time is the caller's.
 * Owned by the orchester thread. NOT thread safe.
 */
final class WarnLimiter {
    static final int DEFAULT_PER_WINDOW = 10;
    static final long DEFAULT_WINDOW_MS = 10_000;

    private final Logger log;
    private final int perWindow;
    private final long windowMs;
    private long windowEndMs = Long.MIN_VALUE;
    private int logged;
    private long suppressed;

    WarnLimiter(final Logger log, final int perWindow, final long windowMs) {
        this.log = log;
        this.perWindow = perWindow;
        this.windowMs = windowMs;
    }

    void warn(final long nowMs, final String format, final Object... args) {
        if (nowMs >= windowEndMs) {
            if (suppressed > 0) {
                log.warn("{} more warnings suppressed in the last {} ms", suppressed, windowMs);
            }
            windowEndMs = nowMs + windowMs;
            logged = 0;
            suppressed = 0;
        }
        if (logged < perWindow) {
            logged++;
            log.warn(format, args);
        } else {
            suppressed++;
        }
    }
}
