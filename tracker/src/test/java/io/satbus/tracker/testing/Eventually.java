package io.satbus.tracker.testing;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, polling; never a fixed sleep for a result. */
public final class Eventually {
    private Eventually() {
    }

    public static void waitUntil(final String what, final long timeoutMs, final BooleanSupplier condition) {
        waitUntil(what, timeoutMs, condition, () -> "");
    }

    /** As {@link #waitUntil(String, long, BooleanSupplier)}, adding {@code state} to the failure message. */
    public static void waitUntil(final String what, final long timeoutMs, final BooleanSupplier condition,
                                 final Supplier<String> state) {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what + "; "
                    + state.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, ex);
            }
        }
    }
}
