package io.satbus.satellites.runtime;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, polling; never a fixed sleep. */
final class Conditions {
    private Conditions() {
    }

    static void await(final String what, final BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    static void await(final String what, final BooleanSupplier condition, final Supplier<String> state) {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " " + state.get());
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
