package io.satbus.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting in tests: a condition is polled (every few milliseconds) until it holds or its deadline
 * passes. Never a fixed sleep: a test waits exactly as long as the machine needs, up to a bound
 * that only a real failure reaches.
 */
public final class Eventually {
    private static final long POLL_MS = 5;

    private Eventually() {
    }

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeoutMs}. */
    public static void waitUntil(final String what, final long timeoutMs, final BooleanSupplier condition) {
        waitUntil(what, timeoutMs, condition, () -> "");
    }

    /** As {@link #waitUntil(String, long, BooleanSupplier)}, adding {@code state} to the failure message. */
    public static void waitUntil(final String what, final long timeoutMs, final BooleanSupplier condition,
                                 final Supplier<String> state) {
        if (!within(condition, Duration.ofMillis(timeoutMs))) {
            throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what + "; " + state.get());
        }
    }

    /** The first non-null value of {@code probe}; fails naming {@code what} after {@code timeoutMs}. */
    public static <T> T waitFor(final String what, final long timeoutMs, final Supplier<T> probe) {
        final Object[] box = new Object[1];
        waitUntil(what, timeoutMs, () -> (box[0] = probe.get()) != null);
        @SuppressWarnings("unchecked")
        final T t = (T) box[0];
        return t;
    }

    /** True as soon as {@code condition} holds, false when it still does not after {@code timeout}: for tests that say why themselves. */
    public static boolean within(final BooleanSupplier condition, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return condition.getAsBoolean();
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", ex);
            }
        }
        return true;
    }
}
