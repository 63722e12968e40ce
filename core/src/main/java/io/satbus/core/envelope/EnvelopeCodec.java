package io.satbus.core.envelope;

import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.MalformedFrameException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Encodes and decodes the envelope header frame: one MessagePack map with string keys.
 *
 * <pre>
 * header frame = map {
 *   "id":            int64    message id: any 64-bit value, negative ones included (MessagePack int 64)
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
 * <p>Thread-safe: each thread packs and unpacks with buffers of its own, reused from one frame
 * to the next ({@link CodecBuffers}), so the codec allocates only what it returns.
 */
public final class EnvelopeCodec {
    /** Bytes of {@link #encodeAckHeader}: a one-entry map, the key "id", an int 64. */
    public static final int ACK_HEADER_BYTES = 13;

    /** Longest header frame accepted, in bytes: headers are small, payloads travel apart. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;

    private static final int REQUIRED_FIELDS = 7;
    private static final byte[] K_ID = key("id");
    private static final byte[] K_TOPOLOGY = key("topology");
    private static final byte[] K_ORIGIN = key("origin");
    private static final byte[] K_INSTANCE = key("instance");
    private static final byte[] K_ATTEMPT = key("attempt");
    private static final byte[] K_CREATED_AT_US = key("created_at_us");
    private static final byte[] K_CONTENT_TYPE = key("content_type");
    private static final byte[] K_HEADERS = key("headers");

    private EnvelopeCodec() {
    }

    private static byte[] key(final String k) {
        return k.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The header of an acknowledgement of message {@code id} (docs/protocol.md section 2.3): a
     * MessagePack map of {@code id} alone, {@code {"id": int 64}}, 13 bytes. What a sender reads of
     * an acknowledgement is its id ({@link #decodeId}); a whole envelope header was 120 bytes or
     * so, carried twice per hop (worker to orchester, orchester to sender).
     */
    public static byte[] encodeAckHeader(final long id) {
        final byte[] h = new byte[ACK_HEADER_BYTES];
        encodeAckHeader(id, h);
        return h;
    }

    /** {@link #encodeAckHeader(long)} into the first {@link #ACK_HEADER_BYTES} bytes of {@code h}. */
    public static void encodeAckHeader(final long id, final byte[] h) {
        h[0] = (byte) 0x81;
        h[1] = (byte) 0xa2;
        h[2] = 'i';
        h[3] = 'd';
        h[4] = (byte) 0xd3;
        for (int i = 0; i < Long.BYTES; i++) {
            h[5 + i] = (byte) (id >>> (56 - 8 * i));
        }
    }

    /** The header frame of {@code e}. Allocates the returned frame only (the packer is the thread's). */
    public static byte[] encodeHeader(final Envelope e) {
        try {
            final CodecBuffers b = packHeader(e);
            return b.frame();
        } catch (IOException impossible) {
            throw new IllegalStateException("in-memory packer failed", impossible);
        }
    }

    /**
     * Appends the header frame of {@code e} to {@code parts} as a range of this thread's packer
     * buffer, allocating nothing: valid until this thread encodes a header again, so it must be
     * copied (into a batch, say) before then.
     */
    public static void encodeHeaderInto(final Envelope e, final Batch.Parts parts) {
        try {
            packHeader(e).frameInto(parts);
        } catch (IOException impossible) {
            throw new IllegalStateException("in-memory packer failed", impossible);
        }
    }

    /** Packs the header of {@code e} into the thread's buffers, which it returns. */
    private static CodecBuffers packHeader(final Envelope e) throws IOException {
        final CodecBuffers b = CodecBuffers.get();
        final MessagePacker p = b.packer();
        p.packMapHeader(e.headers().isEmpty() ? REQUIRED_FIELDS : REQUIRED_FIELDS + 1);
        key(p, K_ID).packLong(e.id());
        key(p, K_TOPOLOGY);
        b.packString(CodecBuffers.Field.TOPOLOGY, e.topology());
        key(p, K_ORIGIN);
        b.packString(CodecBuffers.Field.ORIGIN, e.origin());
        key(p, K_INSTANCE).packInt(e.instance());
        key(p, K_ATTEMPT).packInt(e.attempt());
        key(p, K_CREATED_AT_US).packLong(e.createdAtUs());
        key(p, K_CONTENT_TYPE);
        b.packString(CodecBuffers.Field.CONTENT_TYPE, e.contentType());
        if (!e.headers().isEmpty()) {
            key(p, K_HEADERS).packMapHeader(e.headers().size());
            for (Map.Entry<String, String> h : e.headers().entrySet()) {
                p.packString(h.getKey()).packString(h.getValue());
            }
        }
        return b;
    }

    /** Packs a key from its UTF-8 bytes, encoded once. */
    private static MessagePacker key(final MessagePacker p, final byte[] key) throws IOException {
        return p.packRawStringHeader(key.length).writePayload(key);
    }

    /**
     * The envelope made of a header frame and a payload frame. Allocates the envelope only,
     * when its strings are those of the previous header decoded on this thread.
     */
    public static Envelope decode(final byte[] header, final byte[] payload) throws MalformedFrameException {
        checkNotNull(header);
        return decode(header, 0, header.length, payload);
    }

    /**
     * {@link #decode(byte[], byte[])} of the header frame that is bytes {@code offset..offset +
     * length} of {@code array}, read where it lies (a frame inside a batch, not copied out).
     */
    public static Envelope decode(final byte[] array, final int offset, final int length, final byte[] payload)
        throws MalformedFrameException {
        checkSize(length);
        final CodecBuffers b = CodecBuffers.get();
        try {
            return decodeMap(b, b.unpacker(array, offset, length), payload);
        } catch (MessageInsufficientBufferException truncated) {
            throw truncated(truncated);
        } catch (MessagePackException | IOException | ClassCastException | IllegalStateException ex) {
            throw invalid(ex);
        }
    }

    /**
     * The id of the message a reply answers, read from the reply's header frame: a MessagePack map
     * whose {@code id} is an integer. Its other keys are skipped unread, since an acknowledgement
     * tells its sender nothing else it uses; a sender reads an acknowledgement for every message
     * it sends, and building the whole envelope for it was about 4% of a flat-out bench's CPU.
     */
    public static long decodeId(final byte[] header) throws MalformedFrameException {
        checkNotNull(header);
        return decodeId(header, 0, header.length);
    }

    /** {@link #decodeId(byte[])} of the header frame that is bytes {@code offset..offset + length} of {@code array}. */
    public static long decodeId(final byte[] array, final int offset, final int length) throws MalformedFrameException {
        checkSize(length);
        final CodecBuffers b = CodecBuffers.get();
        try {
            final MessageUnpacker u = b.unpacker(array, offset, length);
            final int n = mapHeader(u);
            long id = 0;
            boolean seen = false;
            for (int i = 0; i < n; i++) {
                b.readRaw(u, "key");
                if (b.is(K_ID)) {
                    id = unpackLong(u, "id");
                    seen = true;
                } else {
                    u.skipValue();
                }
            }
            checkEnd(u);
            require(seen, "id");
            return id;
        } catch (MessageInsufficientBufferException truncated) {
            throw truncated(truncated);
        } catch (MessagePackException | IOException | ClassCastException | IllegalStateException ex) {
            throw invalid(ex);
        }
    }

    private static void checkNotNull(final byte[] header) throws MalformedFrameException {
        if (header == null) {
            throw new MalformedFrameException("header frame : missing (expected: MessagePack map)");
        }
    }

    private static void checkSize(final int length) throws MalformedFrameException {
        if (length == 0) {
            throw new MalformedFrameException("header frame : empty (expected: MessagePack map)");
        }
        if (length > MAX_HEADER_BYTES) {
            throw new MalformedFrameException("header frame : " + length + " bytes (expected: <= " + MAX_HEADER_BYTES + ")");
        }
    }

    private static MalformedFrameException truncated(final MessageInsufficientBufferException ex) {
        return new MalformedFrameException("header frame : truncated (expected: a complete MessagePack map)", ex);
    }

    private static MalformedFrameException invalid(final Exception ex) {
        return new MalformedFrameException("header frame : not a valid MessagePack map (" + ex.getMessage() + ")", ex);
    }

    private static int mapHeader(final MessageUnpacker u) throws IOException, MalformedFrameException {
        if (u.getNextFormat().getValueType() != ValueType.MAP) {
            throw new MalformedFrameException("header frame : " + u.getNextFormat().getValueType() + " (expected: MAP)");
        }
        return u.unpackMapHeader();
    }

    private static void checkEnd(final MessageUnpacker u) throws IOException, MalformedFrameException {
        if (u.hasNext()) {
            throw new MalformedFrameException("header frame : trailing bytes after the map (expected: one map)");
        }
    }

    private static Envelope decodeMap(final CodecBuffers b, final MessageUnpacker u, final byte[] payload)
        throws IOException, MalformedFrameException {
        final int n = mapHeader(u);
        int seen = 0;
        long id = 0;
        String topology = null;
        String origin = null;
        int instance = 0;
        int attempt = 0;
        long createdAtUs = 0;
        String contentType = null;
        Map<String, String> headers = Map.of();
        for (int i = 0; i < n; i++) {
            b.readRaw(u, "key");
            if (b.is(K_ID)) {
                id = unpackLong(u, "id");
                seen |= 1;
            } else if (b.is(K_TOPOLOGY)) {
                b.readRaw(u, "topology");
                topology = b.string(CodecBuffers.Field.TOPOLOGY);
            } else if (b.is(K_ORIGIN)) {
                b.readRaw(u, "origin");
                origin = b.string(CodecBuffers.Field.ORIGIN);
            } else if (b.is(K_INSTANCE)) {
                instance = (int) unpackLong(u, "instance");
                seen |= 2;
            } else if (b.is(K_ATTEMPT)) {
                attempt = (int) unpackLong(u, "attempt");
                seen |= 4;
            } else if (b.is(K_CREATED_AT_US)) {
                createdAtUs = unpackLong(u, "created_at_us");
                seen |= 8;
            } else if (b.is(K_CONTENT_TYPE)) {
                b.readRaw(u, "content_type");
                contentType = b.string(CodecBuffers.Field.CONTENT_TYPE);
            } else if (b.is(K_HEADERS)) {
                headers = unpackStringMap(u);
            } else {
                u.skipValue();
            }
        }
        checkEnd(u);
        require((seen & 1) != 0, "id");
        require(topology != null, "topology");
        require(origin != null, "origin");
        require((seen & 2) != 0, "instance");
        require((seen & 4) != 0, "attempt");
        require((seen & 8) != 0, "created_at_us");
        require(contentType != null, "content_type");
        return new Envelope(id, topology, origin, instance, attempt, createdAtUs, contentType, headers, payload);
    }

    private static void require(final boolean present, final String key) throws MalformedFrameException {
        if (!present) {
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
