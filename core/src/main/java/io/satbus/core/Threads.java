package io.satbus.core;

/**
 * Waiting for the thread of a role (orchester, tracker, satellite instance) to end. Starts
 * nothing. Stateless and thread-safe.
 */
public final class Threads {
    private Threads() {
    }

    /**
     * Waits until {@code thread} has ended, even when interrupted meanwhile; the interrupt is
     * kept for the caller. Returns at once when called from {@code thread} itself, which cannot
     * wait for its own end (a role closed from its own loop).
     */
    public static void joinUninterruptibly(final Thread thread) {
        if (Thread.currentThread() == thread) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
