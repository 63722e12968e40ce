package io.satbus.orchester;

import io.satbus.core.protocol.Mdp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * What the orchester tells a client about a request it did not take or gave up
 * (docs/protocol.md 2.5 and 2.8). A satbus client, whose request body is an envelope, is sent a
 * 6-frame <em>notice</em> naming the request by its envelope header:
 * <pre>
 * [client][""]["MDPC01"][service][envelope header of the request][""][notice]
 *
 * notice = dead-letter info (dead notice)
 *        | MessagePack map { "refused": str reason, "retry_after_ms": int }   (refusal)
 * </pre>
 * A plain MDP client is sent a 2-frame body, like MMI's 3-digit codes:
 * <pre>
 * [client][""]["MDPC01"][service]["503"][reason text]
 * </pre>
 * Owned by the orchester thread. NOT thread safe.
 */
final class ClientNotices {
    static final byte[] UNAVAILABLE = "503".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private final FrameSink router;
    private final List<byte[]> out = new ArrayList<>(8);

    ClientNotices(final FrameSink router) {
        this.router = router;
    }

    /** The request was not taken: a satbus client keeps it and sends it again after {@code retryAfterMs}. */
    void refused(final byte[] client, final byte[] service, final List<byte[]> body, final String reason,
                 final long retryAfterMs) {
        if (DeadLetters.isEnvelope(body)) {
            send(client, service, body.get(0), EMPTY, refusal(reason, retryAfterMs));
        } else {
            send(client, service, UNAVAILABLE, ("refused: " + reason).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The request is dead: a satbus client is sent its dead notice ({@code info}); a plain one
     * {@code ["503"][plainReason]}, or nothing when {@code plainReason} is null (a request whose
     * attempts ran out: spec 7 has no such reply, the client retries on its own timeout).
     */
    void dead(final Dispatch d, final byte[] info, final String plainReason) {
        if (d.bodyFrames() == 2 && DeadLetters.isEnvelope(d.bodyFrame(0), d.bodyFrame(1))) {
            send(d.client, d.service.nameBytes, d.bodyFrame(0), EMPTY, info);
        } else if (plainReason != null) {
            send(d.client, d.service.nameBytes, UNAVAILABLE, plainReason.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The refusal map: {@code {"refused": reason, "retry_after_ms": n}}. */
    static byte[] refusal(final String reason, final long retryAfterMs) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(2);
            p.packString("refused").packString(reason);
            p.packString("retry_after_ms").packLong(retryAfterMs);
            return p.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException("in-memory packer failed", impossible);
        }
    }

    private void send(final byte[] client, final byte[] service, final byte[]... body) {
        out.clear();
        out.add(client);
        out.add(EMPTY);
        out.add(Mdp.CLIENT_BYTES);
        out.add(service);
        for (final byte[] frame : body) {
            out.add(frame);
        }
        router.send(out);
    }
}
