package io.satbus.satellites.runtime;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sends waiting for an acknowledgement, by message id, oldest first, each with the time
 * after which it is given up. A send is given up when no acknowledgement can come any more:
 * the message went dead (dead messages are not acknowledged to the sender) or the connection
 * that carried it was replaced. Every deadline is {@code sent + ackTimeoutMs}, so the oldest
 * entry always expires first.
 *
 * <p>NOT thread-safe: owned by the runtime thread. Time is passed in.
 */
final class SendWindow {
    private final int capacity;
    private final long ackTimeoutMs;
    private final LinkedHashMap<Long, Long> deadlineMsById = new LinkedHashMap<>();

    SendWindow(final int capacity, final long ackTimeoutMs) {
        if (capacity < 1) {
            throw new IllegalArgumentException("send window : " + capacity + " (expected: >= 1)");
        }
        if (ackTimeoutMs < 1) {
            throw new IllegalArgumentException("ack timeout ms : " + ackTimeoutMs + " (expected: >= 1)");
        }
        this.capacity = capacity;
        this.ackTimeoutMs = ackTimeoutMs;
    }

    boolean hasRoom() {
        return deadlineMsById.size() < capacity;
    }

    int size() {
        return deadlineMsById.size();
    }

    /** Records a send of message {@code id}; a second send of the same id replaces the first. */
    void sent(final long id, final long nowMs) {
        deadlineMsById.remove(id);
        deadlineMsById.put(id, nowMs + ackTimeoutMs);
    }

    /** Records the acknowledgement of {@code id}; false when it was not waiting (late or repeated). */
    boolean acked(final long id) {
        return deadlineMsById.remove(id) != null;
    }

    /** Gives up the sends whose deadline has passed; returns how many. */
    int expire(final long nowMs) {
        int expired = 0;
        final Iterator<Map.Entry<Long, Long>> it = deadlineMsById.entrySet().iterator();
        while (it.hasNext() && it.next().getValue() <= nowMs) {
            it.remove();
            expired++;
        }
        return expired;
    }

    /** Gives up every send; returns how many. */
    int clear() {
        final int n = deadlineMsById.size();
        deadlineMsById.clear();
        return n;
    }
}
