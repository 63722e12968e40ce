package io.satbus.orchester;

import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.protocol.MalformedFrameException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 *   "dispatch_id": uint64  the orchester's dispatch id (the int64 of the dispatch token)
 *   "attempts":    int     attempts made
 *   "history":     array of map {           one per failed attempt, oldest first
 *       "worker":    str    worker identity, lower-case hex
 *       "satellite": str    from its worker info, "" for a plain MDP worker
 *       "instance":  int    from its worker info, -1 for a plain MDP worker
 *       "at_ms":     int64  orchester clock when the attempt failed, ms since the Unix epoch
 *       "outcome":   str    "error: TEXT" or "worker lost"
 *   }
 * }
 * </pre>
 * The request body frames follow unchanged, so a satbus request keeps its envelope header and
 * payload. The same info goes to a satbus client as its dead notice ({@link Dispatcher}). Called
 * on the orchester thread only. NOT thread safe.
 */
final class DeadLetters {
    private final byte[] topic;
    private final FrameSink xpub;

    DeadLetters(final String topic, final FrameSink xpub) {
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
        this.xpub = xpub;
    }

    /** Publishes {@code d} with its dead-letter {@code info} ({@link #info}). */
    void publish(final Dispatch d, final byte[] info) {
        final List<byte[]> out = new ArrayList<>(2 + d.body.size());
        out.add(topic);
        out.add(info);
        out.addAll(d.body);
        xpub.send(out);
    }

    /**
     * True when a request body is a satbus message, {@code [envelope header][payload]}: its
     * sender keeps it until acknowledged or told it is dead (docs/protocol.md 2.7).
     */
    static boolean isEnvelope(final List<byte[]> body) {
        if (body.size() != 2) {
            return false;
        }
        try {
            EnvelopeCodec.decode(body.get(0), body.get(1));
            return true;
        } catch (MalformedFrameException notAnEnvelope) {
            return false;
        }
    }

    static byte[] info(final Dispatch d) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(4);
            p.packString("service").packString(d.service.name);
            p.packString("dispatch_id").packLong(d.id);
            p.packString("attempts").packInt(d.attempt);
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
