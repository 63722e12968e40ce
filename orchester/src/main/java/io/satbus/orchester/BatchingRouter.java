package io.satbus.orchester;

import io.satbus.core.collections.BytesKey;
import io.satbus.core.protocol.Batch;
import io.satbus.core.zmq.SendBuffers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeromq.ZMQ;

/**
 * The ROUTER's sending side (docs/protocol.md section 2.6): messages to a peer that has sent
 * the orchester a batch are added to that peer's batch and go out as one
 * {@code [identity][""]["SATB01"][batch]} at the end of the round ({@link #flush}), or when the
 * batch is full; messages to every other peer, and a message too large for any batch, go out at
 * once as plain multipart messages. Nothing overtakes what was queued for the same peer before it.
 *
 * <p>Owned by the orchester thread. NOT thread safe.
 */
final class BatchingRouter implements FrameSink {
    /** Batching peers remembered; the least recently used beyond this are sent plain messages again. */
    static final int MAX_PEERS = 10_000;
    private static final byte[] EMPTY = new byte[0];
    /** What a peer's writer holds while its batch is empty, with send buffers: nothing. */
    private static final byte[] NO_BUFFER = new byte[0];
    /** Frames of an MDP message that go inside a batch: after [identity][""]. */
    private static final int BODY_FROM = 2;

    private final ZMQ.Socket router;
    private final int limitBytes;
    /** What batches are written into and sent from, or null: JeroMQ copies each one sent. */
    private final SendBuffers buffers;
    private final Map<BytesKey, Peer> peers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<BytesKey, Peer> eldest) {
            return size() > MAX_PEERS;
        }
    };
    private final BytesKey.Probe probe = new BytesKey.Probe();
    /** Peers with a batch to send this round, in the order their first message was added. */
    private final List<Peer> pending = new ArrayList<>();
    /** A plain message's frames when they come in two lists. */
    private final List<byte[]> plain = new ArrayList<>();
    private long batchesSent;
    private long messagesBatched;
    private long refused;

    /**
     * @param limitBytes largest batch frame, no more than the peers' largest message
     * @param buffers    what batches are sent from without a copy, or null (a secured socket,
     *                   whose CURVE encrypts each message into a new one and never gives them back)
     */
    BatchingRouter(final ZMQ.Socket router, final long limitBytes, final SendBuffers buffers) {
        this.router = router;
        this.limitBytes = (int) Math.min(Batch.DEFAULT_LIMIT_BYTES, limitBytes);
        this.buffers = buffers;
    }

    /** {@code identity} sent a batch: from now on it is sent batches too. */
    void batching(final byte[] identity) {
        if (peers.get(probe.of(identity)) == null) {
            final BytesKey key = BytesKey.copyOf(identity);
            peers.put(key, new Peer(key.bytes(), limitBytes, buffers));
        }
    }

    boolean isBatching(final byte[] identity) {
        return peers.containsKey(probe.of(identity));
    }

    @Override
    public void send(final List<byte[]> frames) {
        send(frames, List.of(), 0);
    }

    @Override
    public void send(final List<byte[]> head, final List<byte[]> tail, final int from) {
        final Peer p = peers.isEmpty() ? null : peers.get(probe.of(head.get(0)));
        if (p == null) {
            sendPlain(head, tail, from);
            return;
        }
        if (!ready(p).offer(head, BODY_FROM, tail, from)) {
            if (p.batch.isEmpty()) {
                sendPlain(head, tail, from);
                return;
            }
            send(p);
            if (!ready(p).offer(head, BODY_FROM, tail, from)) {
                sendPlain(head, tail, from);
                return;
            }
        }
        if (p.batch.messages() == 1) {
            pending.add(p);
        }
        messagesBatched++;
    }

    /** Sends every batch of this round; returns how many went. */
    int flush() {
        int n = 0;
        for (int i = 0; i < pending.size(); i++) {
            final Peer p = pending.get(i);
            if (!p.batch.isEmpty()) {
                send(p);
                n++;
            }
        }
        pending.clear();
        return n;
    }

    /** Batches sent, messages that went in them, and ZeroMQ messages the socket refused (peer gone or queue full). */
    long batchesSent() {
        return batchesSent;
    }

    long messagesBatched() {
        return messagesBatched;
    }

    long refused() {
        return refused;
    }

    /** Bytes of buffer the peers' writers hold now (for tests: with send buffers, none between rounds). */
    long heldBufferBytes() {
        long n = 0;
        for (Peer p : peers.values()) {
            n += p.batch.array().length;
        }
        return n;
    }

    private void send(final Peer p) {
        final boolean sent = router.send(p.identity, ZMQ.SNDMORE | ZMQ.DONTWAIT)
            && router.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)
            && router.send(Batch.PROTOCOL_BYTES, ZMQ.SNDMORE | ZMQ.DONTWAIT)
            && sendBatch(p.batch);
        if (sent) {
            batchesSent++;
        } else {
            refused++;
        }
    }

    /**
     * Sends the batch frame and empties the writer. With send buffers, the buffer goes as it is
     * and the writer holds none until its next message ({@link #ready}): a peer that is quiet
     * keeps no buffer, however many peers there are.
     */
    private boolean sendBatch(final Batch.Writer batch) {
        if (buffers == null) {
            final boolean sent = router.send(batch.array(), 0, batch.size(), ZMQ.DONTWAIT);
            batch.clear();
            return sent;
        }
        final boolean sent = router.sendMsg(buffers.message(batch.array(), batch.size()), ZMQ.DONTWAIT);
        batch.clear(NO_BUFFER);
        return sent;
    }

    /** {@code p}'s writer, with a send buffer to write into if it had none. */
    private Batch.Writer ready(final Peer p) {
        if (p.batch.array() == NO_BUFFER) {
            p.batch.clear(buffers.take());
        }
        return p.batch;
    }

    private void sendPlain(final List<byte[]> head, final List<byte[]> tail, final int from) {
        final List<byte[]> frames;
        if (from >= tail.size()) {
            frames = head;
        } else {
            plain.clear();
            plain.addAll(head);
            for (int i = from; i < tail.size(); i++) {
                plain.add(tail.get(i));
            }
            frames = plain;
        }
        if (!FrameReader.send(router, frames)) {
            refused++;
        }
    }

    private static final class Peer {
        final byte[] identity;
        final Batch.Writer batch;

        Peer(final byte[] identity, final int limitBytes, final SendBuffers buffers) {
            this.identity = identity;
            this.batch = new Batch.Writer(limitBytes);
            if (buffers != null) {
                batch.clear(NO_BUFFER);
            }
        }
    }
}
