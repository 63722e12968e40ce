package io.satbus.core.envelope;

import io.satbus.core.protocol.MalformedFrameException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Encodes and decodes the envelope header frame: one MessagePack map with string keys.
 *
 * <pre>
 * header frame = map {
 *   "id":            uint64   message id
 *   "topology":      str      topology name
 *   "origin":        str      satellite that created the message
 *   "instance":      int      its instance number
 *   "attempt":       int      delivery attempt, 1 for the first
 *   "created_at_us": int64    creation time, microseconds since the Unix epoch
 *   "content_type":  str      MIME type of the payload
 *   "headers":       map str -> str   (optional)
 * }
 * payload frame = raw bytes
 * </pre>
 * Unknown keys are skipped so that newer senders can add fields; missing required keys,
 * wrong types and trailing bytes are {@link MalformedFrameException}s.
 *
 * <p>Stateless and thread-safe.
 */
public final class EnvelopeCodec {
    /** Longest header frame accepted, in bytes: headers are small, payloads travel apart. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;

    private static final int REQUIRED_FIELDS = 7;

    private EnvelopeCodec() {
    }

    /** The header frame of {@code e}. */
    public static byte[] encodeHeader(final Envelope e) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(e.headers().isEmpty() ? REQUIRED_FIELDS : REQUIRED_FIELDS + 1);
            p.packString("id").packLong(e.id());
            p.packString("topology").packString(e.topology());
            p.packString("origin").packString(e.origin());
            p.packString("instance").packInt(e.instance());
            p.packString("attempt").packInt(e.attempt());
            p.packString("created_at_us").packLong(e.createdAtUs());
            p.packString("content_type").packString(e.contentType());
            if (!e.headers().isEmpty()) {
                p.packString("headers").packMapHeader(e.headers().size());
                for (Map.Entry<String, String> h : e.headers().entrySet()) {
                    p.packString(h.getKey()).packString(h.getValue());
                }
            }
            return p.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException("in-memory packer failed", impossible);
        }
    }

    /** The envelope made of a header frame and a payload frame. */
    public static Envelope decode(final byte[] header, final byte[] payload) throws MalformedFrameException {
        if (header == null || header.length == 0) {
            throw new MalformedFrameException("header frame : empty (expected: MessagePack map)");
        }
        if (header.length > MAX_HEADER_BYTES) {
            throw new MalformedFrameException("header frame : " + header.length + " bytes (expected: <= " + MAX_HEADER_BYTES + ")");
        }
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(header)) {
            return decodeMap(u, payload);
        } catch (MessageInsufficientBufferException truncated) {
            throw new MalformedFrameException("header frame : truncated (expected: a complete MessagePack map)", truncated);
        } catch (MessagePackException | IOException | ClassCastException | IllegalStateException ex) {
            throw new MalformedFrameException("header frame : not a valid MessagePack map (" + ex.getMessage() + ")", ex);
        }
    }

    private static Envelope decodeMap(final MessageUnpacker u, final byte[] payload) throws IOException, MalformedFrameException {
        if (u.getNextFormat().getValueType() != ValueType.MAP) {
            throw new MalformedFrameException("header frame : " + u.getNextFormat().getValueType() + " (expected: MAP)");
        }
        final int n = u.unpackMapHeader();
        Long id = null;
        String topology = null;
        String origin = null;
        Integer instance = null;
        Integer attempt = null;
        Long createdAtUs = null;
        String contentType = null;
        Map<String, String> headers = Map.of();
        for (int i = 0; i < n; i++) {
            final String key = unpackString(u, "key");
            switch (key) {
                case "id" -> id = unpackLong(u, key);
                case "topology" -> topology = unpackString(u, key);
                case "origin" -> origin = unpackString(u, key);
                case "instance" -> instance = (int) unpackLong(u, key);
                case "attempt" -> attempt = (int) unpackLong(u, key);
                case "created_at_us" -> createdAtUs = unpackLong(u, key);
                case "content_type" -> contentType = unpackString(u, key);
                case "headers" -> headers = unpackStringMap(u);
                default -> u.skipValue();
            }
        }
        if (u.hasNext()) {
            throw new MalformedFrameException("header frame : trailing bytes after the map (expected: one map)");
        }
        require(id, "id");
        require(topology, "topology");
        require(origin, "origin");
        require(instance, "instance");
        require(attempt, "attempt");
        require(createdAtUs, "created_at_us");
        require(contentType, "content_type");
        return new Envelope(id, topology, origin, instance, attempt, createdAtUs, contentType, headers, payload);
    }

    private static void require(final Object value, final String key) throws MalformedFrameException {
        if (value == null) {
            throw new MalformedFrameException("header frame : no \"" + key + "\" (expected: every required key)");
        }
    }

    static String unpackString(final MessageUnpacker u, final String what) throws IOException, MalformedFrameException {
        final ValueType t = u.getNextFormat().getValueType();
        if (t != ValueType.STRING) {
            throw new MalformedFrameException("header \"" + what + "\" : " + t + " (expected: STRING)");
        }
        return u.unpackString();
    }

    static long unpackLong(final MessageUnpacker u, final String what) throws IOException, MalformedFrameException {
        final ValueType t = u.getNextFormat().getValueType();
        if (t != ValueType.INTEGER) {
            throw new MalformedFrameException("header \"" + what + "\" : " + t + " (expected: INTEGER)");
        }
        return u.unpackLong();
    }

    private static Map<String, String> unpackStringMap(final MessageUnpacker u) throws IOException, MalformedFrameException {
        final ValueType t = u.getNextFormat().getValueType();
        if (t != ValueType.MAP) {
            throw new MalformedFrameException("header \"headers\" : " + t + " (expected: MAP of STRING to STRING)");
        }
        final int n = u.unpackMapHeader();
        final Map<String, String> m = new HashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            m.put(unpackString(u, "headers key"), unpackString(u, "headers value"));
        }
        return m;
    }
}
