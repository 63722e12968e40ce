package io.satbus.orchester;

import io.satbus.core.collections.BytesKey;
import io.satbus.core.protocol.Batch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of requests the orchester holds (queued, in flight, awaiting a decision), in total
 * and per client identity, against its {@link ByteBounds}; the per-service count lives in each
 * {@link Service}. A request is charged its body's bytes plus {@link #REQUEST_OVERHEAD_BYTES}
 * for the orchester's own bookkeeping of it, so that the bounds hold memory down for small
 * requests too. A client holding nothing is forgotten.
 *
 * <p>Owned by the orchester thread. NOT thread safe.
 */
final class ByteBudget {
    /**
     * What the orchester's bookkeeping of one held request costs, roughly, besides its body: the
     * dispatch and its lists, the body's array headers, the queue and map entries.
     */
    static final long REQUEST_OVERHEAD_BYTES = 256;

    /** One client's share. */
    static final class Peer {
        private final BytesKey key;
        long heldBytes;

        private Peer(final BytesKey key) {
            this.key = key;
        }
    }

    private final ByteBounds bounds;
    private final Map<BytesKey, Peer> peers = new HashMap<>();
    private final BytesKey.Probe probe = new BytesKey.Probe();
    private long heldBytes;

    ByteBudget(final ByteBounds bounds) {
        this.bounds = bounds;
    }

    /** The bytes of a body: the sum of its frames' lengths. */
    static long bodyBytes(final List<byte[]> body) {
        return bodyBytes(body, 0);
    }

    /** The bytes of the body that is frames {@code from..} of {@code frames}, read where they lie (not copied out). */
    static long bodyBytes(final List<byte[]> frames, final int from) {
        long n = 0;
        for (int i = from; i < frames.size(); i++) {
            n += Batch.Frames.lengthOf(frames, i);
        }
        return n;
    }

    /** What holding a body of {@code bodyBytes} is charged. */
    static long charge(final long bodyBytes) {
        return bodyBytes + REQUEST_OVERHEAD_BYTES;
    }

    /** {@code client}'s share, or null when it holds nothing. */
    Peer peer(final byte[] client) {
        return peers.isEmpty() ? null : peers.get(probe.of(client));
    }

    /**
     * Why {@code client}'s request of {@code bytes} (charged) to {@code s} may not be held, in the
     * {@code name : value (expected: ...)} shape, naming the tightest bound it would exceed; null
     * when it fits every bound. {@code p} is the client's {@link #peer}.
     */
    String refusal(final Service s, final byte[] client, final Peer p, final long bytes) {
        final long peerBytes = (p == null ? 0 : p.heldBytes) + bytes;
        if (peerBytes > bounds.maxPeerBytes()) {
            return "max_peer_bytes : client " + Hex.of(client) + " would have " + peerBytes + " bytes held (expected: <= "
                + bounds.maxPeerBytes() + ")";
        }
        if (s.heldBytes + bytes > bounds.maxServiceBytes()) {
            return "max_service_bytes : service " + s.name + " would hold " + (s.heldBytes + bytes) + " bytes (expected: <= "
                + bounds.maxServiceBytes() + ")";
        }
        if (heldBytes + bytes > bounds.maxQueuedBytes()) {
            return "max_queued_bytes : the orchester would hold " + (heldBytes + bytes) + " bytes (expected: <= "
                + bounds.maxQueuedBytes() + ")";
        }
        return null;
    }

    /** Counts {@code d} as held (its {@link #refusal} was null); {@code p} is its client's {@link #peer}. */
    void hold(final Dispatch d, final ByteBudget.Peer peer) {
        Peer p = peer;
        if (p == null) {
            final BytesKey key = BytesKey.copyOf(d.client);
            p = new Peer(key);
            peers.put(key, p);
        }
        p.heldBytes += d.chargedBytes;
        d.peer = p;
        d.service.heldBytes += d.chargedBytes;
        heldBytes += d.chargedBytes;
    }

    /** {@code d} is no longer held (answered or dead); nothing when it never was. */
    void release(final Dispatch d) {
        final Peer p = d.peer;
        if (p == null) {
            return;
        }
        d.peer = null;
        p.heldBytes -= d.chargedBytes;
        if (p.heldBytes == 0) {
            peers.remove(p.key);
        }
        d.service.heldBytes -= d.chargedBytes;
        heldBytes -= d.chargedBytes;
    }

    long heldBytes() {
        return heldBytes;
    }

    /** Clients holding anything now. */
    int peers() {
        return peers.size();
    }

    ByteBounds bounds() {
        return bounds;
    }
}
