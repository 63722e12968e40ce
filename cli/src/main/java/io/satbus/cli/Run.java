package io.satbus.cli;

import java.util.function.LongSupplier;

/** A running topology, in this process ({@link InProcessRun}) or as child processes ({@link ProcessRun}). */
interface Run extends AutoCloseable {
    /** Counters of every satellite and of the orchester. */
    RunSnapshot snapshot(long elapsedMs);

    /** Asks every source to stop producing; workers go on serving until everything is drained. */
    void stopSources();

    /** Lets the run do its housekeeping (restarts); called often by the command's thread. */
    default void tick(final long nowMs) {
    }

    /** How long apart two readings of {@link #snapshot} must be to see new counters. */
    default long pollMs() {
        return 50;
    }

    /**
     * Waits until nothing is left to do, or the deadline passes, or only requests nobody will take
     * are left ({@link RunSnapshot#onlyStraysLeft()}, then false at once). Each is seen twice in a
     * row, {@link #pollMs()} apart, so that a message caught between two readings is not missed.
     */
    default boolean awaitDrained(final long deadlineMs, final LongSupplier nowMs) throws InterruptedException {
        int seen = 0;
        int straysSeen = 0;
        while (nowMs.getAsLong() < deadlineMs) {
            tick(nowMs.getAsLong());
            final RunSnapshot s = snapshot(0);
            seen = s.drained() ? seen + 1 : 0;
            straysSeen = s.onlyStraysLeft() ? straysSeen + 1 : 0;
            if (seen >= 2) {
                return true;
            }
            if (straysSeen >= 2) {
                return false;
            }
            Thread.sleep(pollMs());
        }
        return false;
    }

    /** Stops what still runs, in order; true when it all stopped by {@code deadlineMs}. */
    boolean shutdown(long deadlineMs, LongSupplier nowMs) throws InterruptedException;

    @Override
    void close();
}
