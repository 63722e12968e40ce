package io.satbus.core;

/**
 * A long-running role's work, in the shape of Agrona's agents: {@link AgentRunner} calls
 * {@link #doWork(long)} again and again on one thread, which owns everything the agent touches.
 * The orchester's routing loop, the tracker's loop and each satellite instance's loop are
 * agents; so one runner decides, for all of them, what an unexpected exception does.
 *
 * <p>NOT thread safe: called by its runner's thread only.
 */
public interface Agent {
    /**
     * Does what is due at {@code nowMs} (reading sockets, firing timers, sending); returns the
     * amount of work done, 0 when there was none.
     */
    int doWork(long nowMs);

    /**
     * Called when {@link #doWork} did nothing: wait for more (a bounded poll). An agent whose
     * {@code doWork} polls its sockets itself leaves it empty.
     */
    default void idle(final long nowMs) {
    }

    /** Its name in logs: {@code orchester hello}, {@code satellite upper.1}. */
    String roleName();
}
