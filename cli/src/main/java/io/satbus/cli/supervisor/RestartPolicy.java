package io.satbus.cli.supervisor;

import io.satbus.core.topology.SupervisorSpec;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * When to restart one instance that exited unexpectedly. Exits are counted within a sliding
 * window: the first {@code quick_restarts} are restarted at once, the next after
 * {@code restart_backoff}, doubling up to {@code max_backoff}; more than {@code max_restarts}
 * exits within the window make the instance flapping, held off for one window.
 *
 * <p>Pure: time comes in as {@code nowMs}. NOT thread safe; the supervisor's loop owns it.
 */
public final class RestartPolicy {
    private static final int MAX_SHIFT = 30;

    private final SupervisorSpec spec;
    private final ArrayDeque<Long> exitsMs = new ArrayDeque<>();
    private long flaps;
    private long heldUntilMs = Long.MIN_VALUE;

    public RestartPolicy(final SupervisorSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** Records an unexpected exit at {@code nowMs}; returns the time the next start may happen. */
    public long onExit(final long nowMs) {
        exitsMs.addLast(nowMs);
        while (!exitsMs.isEmpty() && exitsMs.peekFirst() <= nowMs - spec.windowMs()) {
            exitsMs.removeFirst();
        }
        while (exitsMs.size() > spec.maxRestarts() + 1) {
            exitsMs.removeFirst();
        }
        final int n = exitsMs.size();
        if (n > spec.maxRestarts()) {
            flaps++;
            heldUntilMs = nowMs + spec.windowMs();
            return heldUntilMs;
        }
        return nowMs + delayMs(n);
    }

    /** Delay before the restart that follows the {@code n}th exit within the window (n >= 1). */
    long delayMs(final int n) {
        if (n <= spec.quickRestarts()) {
            return 0;
        }
        final int shift = Math.min(n - spec.quickRestarts() - 1, MAX_SHIFT);
        return Math.min(spec.restartBackoffMs() << shift, spec.maxBackoffMs());
    }

    /** True while the instance is held off for exiting too often. */
    public boolean flapping(final long nowMs) {
        return nowMs < heldUntilMs;
    }

    /** Times the instance became flapping. */
    public long flaps() {
        return flaps;
    }
}
