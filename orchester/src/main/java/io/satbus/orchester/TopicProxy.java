package io.satbus.orchester;

import io.satbus.core.protocol.MalformedFrameException;
import java.util.List;
import org.zeromq.ZMQ;

/**
 * The topic half of the orchester: forwards every message from the XSUB (publishers) to the
 * XPUB (subscribers) unchanged, and every subscription from the XPUB to the XSUB, like
 * {@code zmq_proxy}, but inside the orchester's own poll loop so the orchester can publish
 * dead letters on the same XPUB.
 *
 * <pre>
 * publishers -> XSUB   [topic][frame 2]...[frame n]     any message within max_message_size
 * XPUB -> XSUB         [0x01 topic-prefix] subscribe, [0x00 topic-prefix] unsubscribe (one frame)
 * </pre>
 * Anything else arriving on the XPUB is malformed and dropped. A publication on a topic of the
 * bus's own ({@link BusNames#isBusTopic}) is dropped: only the orchester publishes there; with
 * security on, so is one on a topic outside its publisher's key's publish rights.
 * Owned by the orchester thread.
 * NOT thread safe.
 */
final class TopicProxy {
    /** {@link #forwardPublished}: no message was waiting. */
    static final int NONE = 0;
    /** {@link #forwardPublished}: a message was forwarded. */
    static final int FORWARDED = 1;
    /** {@link #forwardPublished}: a message was dropped, its topic being one the peer may not publish on. */
    static final int FORBIDDEN = 2;

    private final ZMQ.Socket xsub;
    private final ZMQ.Socket xpub;
    private final FrameReader reader;
    private final BusNames busNames;
    /** Null without security; else the publisher's key must have a publish right for the topic. */
    private final KeyGate gate;

    TopicProxy(final ZMQ.Socket xsub, final ZMQ.Socket xpub, final FrameReader reader, final BusNames busNames,
               final KeyGate gate) {
        this.xsub = xsub;
        this.xpub = xpub;
        this.reader = reader;
        this.busNames = busNames;
        this.gate = gate;
    }

    /**
     * Forwards one published message, if any, unless its topic (first frame, in {@code frames}
     * afterwards) is the bus's own; a passive orchester of a pair reads it and forwards nothing
     * ({@code forward} false).
     *
     * @return {@link #NONE}, {@link #FORWARDED} (or read and not forwarded) or {@link #FORBIDDEN}
     */
    int forwardPublished(final List<byte[]> frames, final boolean forward) throws MalformedFrameException {
        if (!reader.read(xsub, frames)) {
            return NONE;
        }
        if (busNames.isBusTopic(frames.get(0))
            || gate != null && !gate.rightsOf(reader.userId()).mayPublish(frames.get(0))) {
            return FORBIDDEN;
        }
        if (forward) {
            FrameReader.send(xpub, frames);
        }
        return FORWARDED;
    }

    /** Forwards one subscription, if any; returns false when none was waiting. */
    boolean forwardSubscription(final List<byte[]> frames) throws MalformedFrameException {
        if (!reader.read(xpub, frames)) {
            return false;
        }
        final byte[] first = frames.get(0);
        if (frames.size() != 1 || first.length == 0 || (first[0] != 0 && first[0] != 1)) {
            throw new MalformedFrameException("subscription : " + frames.size() + " frames, first byte "
                + (first.length == 0 ? "missing" : "0x" + Integer.toHexString(first[0] & 0xff))
                + " (expected: one frame starting with 0x00 or 0x01)");
        }
        FrameReader.send(xsub, frames);
        return true;
    }

    /** Publishes a message of the orchester's own (dead letters) to the subscribers. */
    void publish(final List<byte[]> frames) {
        FrameReader.send(xpub, frames);
    }
}
