package io.satbus.testing;

import java.time.Duration;

/**
 * Sampling in tests: a reading taken at a steady cadence over a window of fixed length, for a
 * test that records how something moved over time to compare it with another record of the same
 * span (what a reporter sent, what a store kept). Not a wait: there the length of the window is
 * the point, where a wait for a condition ends as soon as it holds ({@link Eventually}).
 */
public final class Sampling {
    private Sampling() {
    }

    /**
     * Runs {@code sample}, then pauses {@code period}, again and again until {@code window} has
     * passed since the call: every sample starts inside the window (the first at once), and the
     * call returns one pause after the window's end at most.
     */
    public static void every(final Duration period, final Duration window, final Runnable sample) {
        if (period.toMillis() < 1) {
            throw new IllegalArgumentException("period : " + period + " (expected: >= 1 ms)");
        }
        final long end = System.nanoTime() + window.toNanos();
        do {
            sample.run();
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while sampling", ex);
            }
        } while (System.nanoTime() - end < 0);
    }
}
