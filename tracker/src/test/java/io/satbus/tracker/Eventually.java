package io.satbus.tracker;

import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, polling; never a fixed sleep for a result. */
final class Eventually {
    private Eventually() {
    }

    static void waitUntil(final String what, final long timeoutMs, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, ex);
            }
        }
    }
}
