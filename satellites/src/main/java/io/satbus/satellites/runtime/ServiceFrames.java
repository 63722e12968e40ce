package io.satbus.satellites.runtime;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.protocol.Mdp;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads what the orchester sends a satellite on its service socket (docs/protocol.md sections 1,
 * 2.3 and 2.7), without a socket, and tells a {@link Handler} what it was:
 *
 * <pre>
 * [""]["MDPW01"][0x02 REQUEST][reply-to][""][body...]              a request for this worker
 * [""]["MDPW01"][0x04 HEARTBEAT]
 * [""]["MDPW01"][0x05 DISCONNECT]
 * [""]["MDPC01"][service][envelope header][payload]                 one of its sends acknowledged
 * [""]["MDPC01"][service][envelope header][""][dead-letter info]    a dead notice (or a refusal) of one
 * </pre>
 * Anything else is a {@link MalformedFrameException} saying what was found and what was expected.
 *
 * <p>Stateless and thread-safe.
 */
final class ServiceFrames {
    /** What a message from the orchester was; called on the decoding thread. */
    interface Handler {
        /** A REQUEST, its frames as they came (for {@link Requests#onRequest}, which checks the rest). */
        void onRequest(List<byte[]> frames) throws MalformedFrameException;

        void onHeartbeat();

        void onDisconnect();

        /**
         * The send of message {@code messageId} to {@code service} (the frame's UTF-8 bytes, not
         * decoded: nothing reads it on this path, taken once per message sent) was acknowledged: done.
         */
        void onAcknowledged(byte[] service, long messageId);

        /** The send of {@code messageId} went dead, or was refused for now ({@link Notice#refused()}). */
        void onNotice(String service, long messageId, Notice notice);
    }

    private ServiceFrames() {
    }

    static void decode(final List<byte[]> f, final Handler h) throws MalformedFrameException {
        if (f.size() < 3 || f.get(0).length != 0) {
            throw new MalformedFrameException("message : " + f.size()
                + " frames (expected: [\"\"][protocol][...] of at least 3 frames)");
        }
        if (Arrays.equals(f.get(1), Mdp.WORKER_BYTES)) {
            workerCommand(f, h);
        } else if (Arrays.equals(f.get(1), Mdp.CLIENT_BYTES)) {
            clientReply(f, h);
        } else {
            throw new MalformedFrameException("protocol : \"" + new String(f.get(1), StandardCharsets.ISO_8859_1)
                + "\" (expected: MDPW01 or MDPC01)");
        }
    }

    private static void workerCommand(final List<byte[]> f, final Handler h) throws MalformedFrameException {
        final byte[] command = f.get(2);
        if (command.length != 1) {
            throw new MalformedFrameException("command : " + command.length + " bytes (expected: 1)");
        }
        switch (command[0]) {
            case Mdp.REQUEST -> h.onRequest(f);
            case Mdp.HEARTBEAT -> h.onHeartbeat();
            case Mdp.DISCONNECT -> h.onDisconnect();
            default -> throw new MalformedFrameException("command : " + Mdp.commandName(command[0])
                + " (expected: REQUEST, HEARTBEAT or DISCONNECT)");
        }
    }

    private static void clientReply(final List<byte[]> f, final Handler h) throws MalformedFrameException {
        final boolean dead = f.size() == 6;
        if (f.size() != 5 && !(dead && f.get(4).length == 0)) {
            throw new MalformedFrameException("reply : " + f.size() + " frames (expected: 5, [\"\"][MDPC01][service]"
                + "[envelope header][payload], or a dead notice of 6, [\"\"][MDPC01][service][envelope header][\"\"][info])");
        }
        final long id = id(f, 3);
        if (dead) {
            h.onNotice(new String(f.get(2), StandardCharsets.UTF_8), id, Notice.parse(f.get(5)));
        } else {
            h.onAcknowledged(f.get(2), id);
        }
    }

    /**
     * The envelope of header frame {@code header} of {@code f} and {@code payload}; the header is
     * read where it lies when {@code f} is a batch's message, not copied out.
     */
    static Envelope envelope(final List<byte[]> f, final int header, final byte[] payload) throws MalformedFrameException {
        return EnvelopeCodec.decode(Batch.Frames.arrayOf(f, header), Batch.Frames.offsetOf(f, header),
            Batch.Frames.lengthOf(f, header), payload);
    }

    /** The id in header frame {@code header} of {@code f}, read as {@link #envelope} reads a header. */
    static long id(final List<byte[]> f, final int header) throws MalformedFrameException {
        return EnvelopeCodec.decodeId(Batch.Frames.arrayOf(f, header), Batch.Frames.offsetOf(f, header),
            Batch.Frames.lengthOf(f, header));
    }
}
