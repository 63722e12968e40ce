package io.satbus.satellites.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The messages this instance sent and still keeps: every send until it is acknowledged or
 * released by a dead notice, in the order sent, with what it takes to send it again after a
 * reconnect (docs/protocol.md 2.7). Nothing here is ever given up for lack of an
 * acknowledgement; only a forced stop abandons what is left.
 *
 * <p>NOT thread-safe: owned by the runtime thread.
 */
final class CustodyWindow {
    /**
     * One kept send.
     *
     * @param position its position when this slot's source created it ({@link Positions}), else -1
     * @param waiting  replies held until it passes on (empty when none)
     */
    record Kept(long id, byte[] service, byte[] header, byte[] payload, long position, List<HeldReply> waiting) {
        /** No held reply waits for it and no source position stands for it: lost if abandoned. */
        boolean orphan() {
            return waiting.isEmpty() && position < 0;
        }
    }

    private final int capacity;
    private final LinkedHashMap<Long, Kept> kept = new LinkedHashMap<>();
    private long orphans;

    CustodyWindow(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("send window : " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
    }

    boolean hasRoom() {
        return kept.size() < capacity;
    }

    int size() {
        return kept.size();
    }

    /**
     * Keeps a send. A second send of an id already kept (a request handled again) keeps the
     * first's place, and the replies waiting on either wait on the one.
     */
    void keep(final Kept k) {
        final Kept before = kept.get(k.id());
        Kept now = k;
        if (before != null) {
            final List<HeldReply> waiting = new ArrayList<>(before.waiting());
            waiting.addAll(k.waiting());
            now = new Kept(k.id(), k.service(), k.header(), k.payload(), before.position(), waiting);
            orphans -= before.orphan() ? 1 : 0;
        }
        kept.put(k.id(), now);
        orphans += now.orphan() ? 1 : 0;
    }

    /** Removes and returns the send of {@code id}, or null when it is not kept (a late or repeated answer). */
    Kept release(final long id) {
        final Kept k = kept.remove(id);
        if (k != null && k.orphan()) {
            orphans--;
        }
        return k;
    }

    boolean contains(final long id) {
        return kept.containsKey(id);
    }

    Kept get(final long id) {
        return kept.get(id);
    }

    /** Every kept send, oldest first. */
    Collection<Kept> all() {
        return kept.values();
    }

    /** Kept sends that no held reply waits for and no source position stands for: lost if abandoned. */
    long orphans() {
        return orphans;
    }
}
