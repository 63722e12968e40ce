package io.satbus.orchester;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, ex);
            }
        }
    }

    static <T> T waitFor(final String what, final long timeoutMs, final Supplier<T> probe) {
        final Object[] box = new Object[1];
        waitUntil(what, timeoutMs, () -> (box[0] = probe.get()) != null);
        @SuppressWarnings("unchecked")
        final T t = (T) box[0];
        return t;
    }
}
