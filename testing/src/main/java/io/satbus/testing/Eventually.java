package io.satbus.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting in tests: a condition is polled (every few milliseconds) until it holds or its deadline
 * passes. Never a fixed sleep: a test waits exactly as long as the machine needs, up to a bound
 * that only a real failure reaches.
 *
 * <p>A probe that costs real work each time (a round trip to a browser, a command run, an HTTP
 * request) polls less often, through {@link #every}: on a loaded machine a probe run every few
 * milliseconds would take the time the awaited work needs.
 */
public final class Eventually {
    private static final Polling DEFAULT = new Polling(Duration.ofMillis(5));

    private Eventually() {
    }

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeoutMs}. */
    public static void waitUntil(final String what, final long timeoutMs, final BooleanSupplier condition) {
        DEFAULT.waitUntil(what, timeoutMs, condition, () -> "");
    }

    /** As {@link #waitUntil(String, long, BooleanSupplier)}, adding {@code state} to the failure message. */
    public static void waitUntil(final String what, final long timeoutMs, final BooleanSupplier condition,
                                 final Supplier<String> state) {
        DEFAULT.waitUntil(what, timeoutMs, condition, state);
    }

    /** The first non-null value of {@code probe}; fails naming {@code what} after {@code timeoutMs}. */
    public static <T> T waitFor(final String what, final long timeoutMs, final Supplier<T> probe) {
        return DEFAULT.waitFor(what, timeoutMs, probe, Objects::nonNull);
    }

    /**
     * The first value of {@code probe} that {@code accept} takes; fails naming {@code what} and the
     * probe's last value after {@code timeoutMs}.
     */
    public static <T> T waitFor(final String what, final long timeoutMs, final Supplier<T> probe,
                                final Predicate<? super T> accept) {
        return DEFAULT.waitFor(what, timeoutMs, probe, accept);
    }

    /** True as soon as {@code condition} holds, false when it still does not after {@code timeout}: for tests that say why themselves. */
    public static boolean within(final BooleanSupplier condition, final Duration timeout) {
        return DEFAULT.within(condition, timeout);
    }

    /** The same waits, polling every {@code period}: for a probe too costly to run every few milliseconds. */
    public static Polling every(final Duration period) {
        return new Polling(period);
    }

    /** The waits at one polling period. Immutable; each wait runs on the calling thread. */
    public static final class Polling {
        private final long periodMs;

        private Polling(final Duration period) {
            if (period.toMillis() < 1) {
                throw new IllegalArgumentException("period : " + period + " (expected: >= 1 ms)");
            }
            this.periodMs = period.toMillis();
        }

        /** As {@link Eventually#waitUntil(String, long, BooleanSupplier, Supplier)}. */
        public void waitUntil(final String what, final long timeoutMs, final BooleanSupplier condition,
                              final Supplier<String> state) {
            if (!within(condition, Duration.ofMillis(timeoutMs))) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what + "; " + state.get());
            }
        }

        /** As {@link Eventually#waitFor(String, long, Supplier, Predicate)}. */
        public <T> T waitFor(final String what, final long timeoutMs, final Supplier<T> probe,
                             final Predicate<? super T> accept) {
            final AtomicReference<T> last = new AtomicReference<>();
            final BooleanSupplier accepted = () -> {
                final T value = probe.get();
                last.set(value);
                return accept.test(value);
            };
            if (!within(accepted, Duration.ofMillis(timeoutMs))) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what + "; last: " + last.get());
            }
            return last.get();
        }

        /** As {@link Eventually#within(BooleanSupplier, Duration)}. */
        public boolean within(final BooleanSupplier condition, final Duration timeout) {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() - deadline > 0) {
                    return condition.getAsBoolean();
                }
                pause();
            }
            return true;
        }

        private void pause() {
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", ex);
            }
        }
    }
}
