package io.satbus.tracker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The history of messages that have failed at least once, and a ring of the last dead ones.
 * Objects only on the failure path: a message that never fails costs nothing here.
 *
 * <p>Owned by the tracker thread, which also publishes an immutable copy of the ring on each
 * death ({@link #recentDead()} may be read from any thread).
 */
final class FailureLog {
    private final Map<Long, List<Failure>> histories = new HashMap<>();
    private final DeadMessage[] ring;
    private int next;
    private int filled;
    private volatile List<DeadMessage> published = List.of();

    FailureLog(final int capacity) {
        this.ring = new DeadMessage[capacity];
    }

    void add(final long dispatchId, final Failure f) {
        histories.computeIfAbsent(dispatchId, id -> new ArrayList<>(2)).add(f);
    }

    /** The message is done: its history is no longer needed. */
    void forget(final long dispatchId) {
        histories.remove(dispatchId);
    }

    /** The message is dead: its history moves to the ring; returns the dead message. */
    DeadMessage dead(final String service, final long dispatchId, final int attempts, final long atMs) {
        final List<Failure> h = histories.remove(dispatchId);
        final DeadMessage d = new DeadMessage(service, dispatchId, attempts, atMs, h == null ? List.of() : h);
        if (ring.length > 0) {
            ring[next] = d;
            next = (next + 1) % ring.length;
            filled = Math.min(filled + 1, ring.length);
            final List<DeadMessage> copy = new ArrayList<>(filled);
            for (int i = filled; i > 0; i--) {
                copy.add(ring[(next - i + ring.length) % ring.length]);
            }
            published = List.copyOf(copy);
        }
        return d;
    }

    /** Messages with a history (failed at least once, neither done nor dead yet). */
    int failing() {
        return histories.size();
    }

    /** The last dead messages, oldest first. Thread-safe. */
    List<DeadMessage> recentDead() {
        return published;
    }

    void clear() {
        histories.clear();
    }
}
