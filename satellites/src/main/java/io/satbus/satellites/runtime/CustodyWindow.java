package io.satbus.satellites.runtime;

import io.satbus.core.collections.LongObjectHashMap;
import java.util.ArrayList;
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

    /** A kept send in the order of sends: a node of a doubly linked list, found by id in a primitive map. */
    private static final class Node {
        Kept kept;
        Node prev;
        Node next;

        Node(final Kept kept) {
            this.kept = kept;
        }
    }

    private final int capacity;
    private final LongObjectHashMap<Node> byId;
    private Node oldest;
    private Node newest;
    private long orphans;

    CustodyWindow(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("send window : " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
        this.byId = new LongObjectHashMap<>(Math.min(capacity, 4096));
    }

    boolean hasRoom() {
        return byId.size() < capacity;
    }

    int size() {
        return byId.size();
    }

    /**
     * Keeps a send. A second send of an id already kept (a request handled again) keeps the
     * first's place, and the replies waiting on either wait on the one.
     */
    void keep(final Kept k) {
        final Node node = byId.get(k.id());
        if (node == null) {
            final Node added = new Node(k);
            byId.put(k.id(), added);
            added.prev = newest;
            if (newest == null) {
                oldest = added;
            } else {
                newest.next = added;
            }
            newest = added;
            orphans += k.orphan() ? 1 : 0;
            return;
        }
        final Kept before = node.kept;
        final List<HeldReply> waiting = new ArrayList<>(before.waiting());
        waiting.addAll(k.waiting());
        node.kept = new Kept(k.id(), k.service(), k.header(), k.payload(), before.position(), waiting);
        orphans += (node.kept.orphan() ? 1 : 0) - (before.orphan() ? 1 : 0);
    }

    /** Removes and returns the send of {@code id}, or null when it is not kept (a late or repeated answer). */
    Kept release(final long id) {
        final Node node = byId.remove(id);
        if (node == null) {
            return null;
        }
        if (node.prev == null) {
            oldest = node.next;
        } else {
            node.prev.next = node.next;
        }
        if (node.next == null) {
            newest = node.prev;
        } else {
            node.next.prev = node.prev;
        }
        // A released node may already be in the old generation: left pointing at its neighbours,
        // it would keep every node after it alive through each young collection.
        node.prev = null;
        node.next = null;
        if (node.kept.orphan()) {
            orphans--;
        }
        return node.kept;
    }

    boolean contains(final long id) {
        return byId.get(id) != null;
    }

    Kept get(final long id) {
        final Node node = byId.get(id);
        return node == null ? null : node.kept;
    }

    /** Every kept send, oldest first: a copy, so the caller may release while it goes through it. */
    List<Kept> all() {
        final List<Kept> out = new ArrayList<>(byId.size());
        for (Node n = oldest; n != null; n = n.next) {
            out.add(n.kept);
        }
        return out;
    }

    /** Kept sends that no held reply waits for and no source position stands for: lost if abandoned. */
    long orphans() {
        return orphans;
    }
}
