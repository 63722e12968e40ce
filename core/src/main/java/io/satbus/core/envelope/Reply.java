package io.satbus.core.envelope;

import io.satbus.core.protocol.MalformedFrameException;
import java.io.IOException;
import java.util.Arrays;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The reply header frame a satbus worker sends before the reply payload.
 *
 * <pre>
 * reply header frame = map {
 *   "status": str   "ok" or "error"
 *   "error":  str   what went wrong (only with "error")
 * }
 * </pre>
 * An "error" reply is a failed attempt: the orchester does not forward it to the caller,
 * the message is retried or dead-lettered instead.
 *
 * @param ok    true for "ok"
 * @param error the error text, empty when ok
 */
public record Reply(boolean ok, String error) {
    public static final Reply OK = new Reply(true, "");
    private static final byte[] OK_FRAME = encodeFrame(OK);

    public static Reply error(final String text) {
        return new Reply(false, text == null ? "" : text);
    }

    /** The header frame of this reply. */
    public byte[] encode() {
        return ok ? OK_FRAME.clone() : encodeFrame(this);
    }

    private static byte[] encodeFrame(final Reply r) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(r.ok ? 1 : 2);
            p.packString("status").packString(r.ok ? "ok" : "error");
            if (!r.ok) {
                p.packString("error").packString(r.error);
            }
            return p.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException("in-memory packer failed", impossible);
        }
    }

    /** The reply of {@code frame}; the usual {@code {"status":"ok"}} is recognised without decoding. */
    public static Reply decode(final byte[] frame) throws MalformedFrameException {
        if (frame == null || frame.length == 0) {
            throw new MalformedFrameException("reply header : empty (expected: MessagePack map with \"status\")");
        }
        if (Arrays.equals(frame, OK_FRAME)) {
            return OK; // what every satbus worker sends on success: no unpacker, no garbage
        }
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            if (u.getNextFormat().getValueType() != ValueType.MAP) {
                throw new MalformedFrameException("reply header : " + u.getNextFormat().getValueType() + " (expected: MAP)");
            }
            final int n = u.unpackMapHeader();
            String status = null;
            String error = "";
            for (int i = 0; i < n; i++) {
                final String key = EnvelopeCodec.unpackString(u, "key");
                switch (key) {
                    case "status" -> status = EnvelopeCodec.unpackString(u, key);
                    case "error" -> error = EnvelopeCodec.unpackString(u, key);
                    default -> u.skipValue();
                }
            }
            if ("ok".equals(status)) {
                return OK;
            }
            if ("error".equals(status)) {
                return new Reply(false, error);
            }
            throw new MalformedFrameException("reply header \"status\" : " + status + " (expected: \"ok\" or \"error\")");
        } catch (MessageInsufficientBufferException truncated) {
            throw new MalformedFrameException("reply header : truncated (expected: a complete MessagePack map)", truncated);
        } catch (MessagePackException | IOException | IllegalStateException ex) {
            throw new MalformedFrameException("reply header : not a valid MessagePack map (" + ex.getMessage() + ")", ex);
        }
    }
}
