package io.satbus.supervisor;

import io.satbus.core.topology.SupervisorSpec;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * When to restart one instance that exited unexpectedly. Exits are counted within a sliding
 * window: the first {@code quick_restarts} are restarted at once, the next after
 * {@code restart_backoff}, doubling up to {@code max_backoff}; more than {@code max_restarts}
 * exits within the window make the instance flapping, held off for one window.
 *
 * <p>The orchester's policy ({@link #forOrchester}) is never flapping: without an orchester there
 * is no bus at all, whereas the bus survives a satellite's absence. Its first exit in the window
 * is restarted at once, the next after {@link #ORCHESTER_RESTART_BACKOFF_MS}, doubling up to
 * {@link #ORCHESTER_MAX_BACKOFF_MS}, however often it exits.
 *
 * <p>Pure: time comes in as {@code nowMs}. NOT thread safe; the supervisor's loop owns it.
 */
public final class RestartPolicy {
    /** The orchester's first delayed restart in a window. */
    public static final long ORCHESTER_RESTART_BACKOFF_MS = 50;
    /** The orchester's longest delay between restarts. */
    public static final long ORCHESTER_MAX_BACKOFF_MS = 250;

    private static final int MAX_SHIFT = 30;

    private final SupervisorSpec spec;
    private final boolean holdsOff;
    private final ArrayDeque<Long> exitsMs = new ArrayDeque<>();
    private long flaps;
    private long heldUntilMs = Long.MIN_VALUE;

    /** A satellite instance's policy: {@code spec}'s limits, held off as flapping past them. */
    public RestartPolicy(final SupervisorSpec spec) {
        this(spec, true);
    }

    private RestartPolicy(final SupervisorSpec spec, final boolean holdsOff) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.holdsOff = holdsOff;
    }

    /**
     * The orchester's policy: one quick restart, then a short capped backoff, never held off.
     * Exits are counted in {@code spec}'s window, so a quiet window brings the quick restart back.
     */
    public static RestartPolicy forOrchester(final SupervisorSpec spec) {
        return new RestartPolicy(new SupervisorSpec(1, ORCHESTER_RESTART_BACKOFF_MS, ORCHESTER_MAX_BACKOFF_MS,
            spec.maxRestarts(), spec.windowMs()), false);
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
        if (holdsOff && n > spec.maxRestarts()) {
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
