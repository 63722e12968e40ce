package io.satbus.core.topology;

/**
 * How {@code satbus run} restarts satellite processes that exit unexpectedly: the first
 * {@code quickRestarts} at once, then after {@code restartBackoffMs}, doubling up to
 * {@code maxBackoffMs}; an instance that exits more than {@code maxRestarts} times within
 * {@code windowMs} is flapping and held off for a window.
 *
 * @param quickRestarts    restarts within the window made without delay
 * @param restartBackoffMs delay of the first restart after the quick ones
 * @param maxBackoffMs     longest delay between restarts
 * @param maxRestarts      exits within the window before the instance is flapping
 * @param windowMs         the window exits are counted in
 */
public record SupervisorSpec(int quickRestarts, long restartBackoffMs, long maxBackoffMs, int maxRestarts,
                             long windowMs) {
    public static final int DEFAULT_QUICK_RESTARTS = 2;
    public static final long DEFAULT_RESTART_BACKOFF_MS = 1000;
    public static final long DEFAULT_MAX_BACKOFF_MS = 30_000;
    public static final int DEFAULT_MAX_RESTARTS = 5;
    public static final long DEFAULT_WINDOW_MS = 60_000;

    public static SupervisorSpec defaults() {
        return new SupervisorSpec(DEFAULT_QUICK_RESTARTS, DEFAULT_RESTART_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS,
            DEFAULT_MAX_RESTARTS, DEFAULT_WINDOW_MS);
    }
}
