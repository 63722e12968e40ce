package io.satbus.satellites.runtime;

import io.satbus.core.collections.LongObjectHashMap;
import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
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
     * One kept send, and its place in the order of sends (a node of a doubly linked list, found by
     * id in a primitive map: no node of its own).
     */
    static final class Kept {
        private final long id;
        private final byte[] service;
        private Envelope message;
        private byte[] header;
        private byte[] payload;
        private final long position;
        private List<HeldReply> waiting;
        private Kept prev;
        private Kept next;

        /**
         * @param message  what was sent, its header encoded again when it goes again; null for a
         *                 send an earlier process kept in its outbox, which has {@code header} instead
         * @param header   the envelope header of an earlier process's send, else null
         * @param position its position when this slot's source created it ({@link Positions}), else -1
         * @param waiting  replies held until it passes on (empty when none)
         */
        Kept(final long id, final byte[] service, final Envelope message, final byte[] header, final byte[] payload,
             final long position, final List<HeldReply> waiting) {
            this.id = id;
            this.service = service;
            this.message = message;
            this.header = header;
            this.payload = payload;
            this.position = position;
            this.waiting = waiting;
        }

        long id() {
            return id;
        }

        byte[] service() {
            return service;
        }

        Envelope message() {
            return message;
        }

        byte[] header() {
            return header;
        }

        byte[] payload() {
            return payload;
        }

        long position() {
            return position;
        }

        List<HeldReply> waiting() {
            return waiting;
        }

        /** The envelope header, encoded for the occasion when this process made the send. */
        byte[] headerBytes() {
            return header != null ? header : EnvelopeCodec.encodeHeader(message);
        }

        /** No held reply waits for it and no source position stands for it: lost if abandoned. */
        boolean orphan() {
            return waiting.isEmpty() && position < 0;
        }
    }

    private final int capacity;
    private final LongObjectHashMap<Kept> byId;
    private Kept oldest;
    private Kept newest;
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
        final Kept before = byId.get(k.id());
        if (before == null) {
            byId.put(k.id(), k);
            k.prev = newest;
            if (newest == null) {
                oldest = k;
            } else {
                newest.next = k;
            }
            newest = k;
            orphans += k.orphan() ? 1 : 0;
            return;
        }
        final boolean wasOrphan = before.orphan();
        final List<HeldReply> waiting = new ArrayList<>(before.waiting());
        waiting.addAll(k.waiting());
        before.message = k.message();
        before.header = k.header();
        before.payload = k.payload();
        before.waiting = waiting;
        orphans += (before.orphan() ? 1 : 0) - (wasOrphan ? 1 : 0);
    }

    /** Removes and returns the send of {@code id}, or null when it is not kept (a late or repeated answer). */
    Kept release(final long id) {
        final Kept node = byId.remove(id);
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
        // A released send may already be in the old generation: left pointing at its neighbours,
        // it would keep every send after it alive through each young collection.
        node.prev = null;
        node.next = null;
        if (node.orphan()) {
            orphans--;
        }
        return node;
    }

    boolean contains(final long id) {
        return byId.get(id) != null;
    }

    Kept get(final long id) {
        return byId.get(id);
    }

    /** Every kept send, oldest first: a copy, so the caller may release while it goes through it. */
    List<Kept> all() {
        final List<Kept> out = new ArrayList<>(byId.size());
        for (Kept k = oldest; k != null; k = k.next) {
            out.add(k);
        }
        return out;
    }

    /** Kept sends that no held reply waits for and no source position stands for: lost if abandoned. */
    long orphans() {
        return orphans;
    }
}
