package io.satbus.orchester;

import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.protocol.MalformedFrameException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Publishes dead messages on the dead-letter topic, through the orchester's own XPUB.
 *
 * <pre>
 * [dead-letter topic][dead-letter info][request body 1]...[request body n]
 *
 * dead-letter info = MessagePack map {
 *   "service":     str     the service the request was for
 *   "dispatch_id": int64   the orchester's dispatch id (the int64 of the dispatch token)
 *   "attempts":    int     attempts made (0 for a request given up before any)
 *   "history":     array of map {           one per failed attempt, oldest first, then the
 *                                           orchester's own verdict if it gave the request up
 *       "worker":    str    worker identity, lower-case hex
 *       "satellite": str    from its worker info, "" for a plain MDP worker
 *       "instance":  int    from its worker info, -1 for a plain MDP worker
 *       "at_ms":     int64  orchester clock when the attempt failed, ms since the Unix epoch
 *       "outcome":   str    "error: TEXT", "timeout", "worker lost", "expired: ..." or
 *                              "refused: too large: ..." (the last two with worker "", instance -1)
 *   }
 * }
 * </pre>
 * The request body frames follow unchanged, so a satbus request keeps its envelope header and
 * payload. The same info goes to a satbus client as its dead notice ({@link ClientNotices}). The
 * last {@link #RECENT} dead messages are kept for the admin status. Called on the orchester
 * thread only. NOT thread safe.
 */
final class DeadLetters {
    /** Dead messages the admin status keeps, with their history. */
    static final int RECENT = 20;
    private final byte[] topic;
    private final FrameSink xpub;
    private final ArrayDeque<OrchesterStatus.DeadMessage> recent = new ArrayDeque<>(RECENT);

    DeadLetters(final String topic, final FrameSink xpub) {
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
        this.xpub = xpub;
    }

    /** Publishes {@code d} with its dead-letter {@code info} ({@link #info}) and keeps it among the recent ones. */
    void publish(final Dispatch d, final byte[] info, final int attempts) {
        final List<byte[]> out = new ArrayList<>(2 + d.bodyFrames());
        out.add(topic);
        out.add(info);
        d.addBodyTo(out);
        xpub.send(out);
        if (recent.size() == RECENT) {
            recent.pollFirst();
        }
        final List<OrchesterStatus.FailedAttempt> history = new ArrayList<>(d.history.size());
        for (final Dispatch.FailedAttempt f : d.history) {
            history.add(new OrchesterStatus.FailedAttempt(f.workerHex(), f.satellite(), f.instance(), f.atMs(), f.outcome()));
        }
        recent.addLast(new OrchesterStatus.DeadMessage(d.service.name, d.id, attempts, history));
    }

    /** The last dead messages, oldest first. */
    List<OrchesterStatus.DeadMessage> recent() {
        return List.copyOf(recent);
    }

    /**
     * True when a request body is a satbus message, {@code [envelope header][payload]}: its
     * sender keeps it until acknowledged or told it is dead (docs/protocol.md 2.7).
     */
    static boolean isEnvelope(final List<byte[]> body) {
        return body.size() == 2 && isEnvelope(body.get(0), body.get(1));
    }

    /** {@link #isEnvelope(List)} of the two frames {@code [header][payload]}. */
    static boolean isEnvelope(final byte[] header, final byte[] payload) {
        try {
            EnvelopeCodec.decode(header, payload);
            return true;
        } catch (MalformedFrameException notAnEnvelope) {
            return false;
        }
    }

    /** The dead-letter info of {@code d} after {@code attempts} attempts. */
    static byte[] info(final Dispatch d, final int attempts) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(4);
            p.packString("service").packString(d.service.name);
            p.packString("dispatch_id").packLong(d.id);
            p.packString("attempts").packInt(attempts);
            p.packString("history").packArrayHeader(d.history.size());
            for (final Dispatch.FailedAttempt f : d.history) {
                p.packMapHeader(5);
                p.packString("worker").packString(f.workerHex());
                p.packString("satellite").packString(f.satellite());
                p.packString("instance").packInt(f.instance());
                p.packString("at_ms").packLong(f.atMs());
                p.packString("outcome").packString(f.outcome());
            }
            return p.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException("in-memory packer failed", impossible);
        }
    }
}
