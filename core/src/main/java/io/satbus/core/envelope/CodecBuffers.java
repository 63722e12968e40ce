package io.satbus.core.envelope;

import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.MalformedFrameException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferInput;
import org.msgpack.value.ValueType;

/**
 * One thread's reusable MessagePack packer and unpacker, and the string work of header decoding
 * done without garbage: keys are compared as bytes, and a string value equal to the last one seen
 * in its field (a topology, origin or content type repeats on every message) is the same String.
 *
 * <p>msgpack-core's defaults cost about 40 KB per frame (an 8 KB packer buffer per encode, a
 * 16 KB char buffer and a decoder per unpacker); reusing them per thread keeps the codecs
 * thread-safe and allocation-free apart from the frame or envelope they return.
 *
 * <p>Confined to its thread ({@link #get()}); NOT thread safe.
 */
final class CodecBuffers {
    /** Header frames are small; the packer grows for bigger ones and keeps the room. */
    private static final int PACKER_BUFFER_BYTES = 256;
    private static final ThreadLocal<CodecBuffers> PER_THREAD = ThreadLocal.withInitial(CodecBuffers::new);

    private final FrameOutput output = new FrameOutput(PACKER_BUFFER_BYTES);
    private final MessagePacker packer = new MessagePack.PackerConfig().withBufferSize(PACKER_BUFFER_BYTES)
        .newPacker(output);
    private final String[] lastEncoded = new String[Field.values().length];
    private final byte[][] lastEncodedBytes = new byte[Field.values().length][];
    private final FrameInput input = new FrameInput();
    private final MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(input);
    private byte[] scratch = new byte[64];
    private int scratchLength;
    private final byte[][] lastBytes = new byte[Field.values().length][];
    private final String[] lastStrings = new String[Field.values().length];

    /** String fields whose last value is remembered. */
    enum Field { TOPOLOGY, ORIGIN, CONTENT_TYPE, STATUS, ERROR }

    static CodecBuffers get() {
        return PER_THREAD.get();
    }

    /** The packer, writing a new frame. */
    MessagePacker packer() {
        output.clear();
        return packer;
    }

    /** The frame written since {@link #packer()}. */
    byte[] frame() throws IOException {
        packer.flush();
        return output.toByteArray();
    }

    /** The frame written since {@link #packer()}, appended to {@code parts} where it lies, until the next {@link #packer()}. */
    void frameInto(final Batch.Parts parts) throws IOException {
        packer.flush();
        output.rangeInto(parts);
    }

    /**
     * Packs {@code value} (a field's string) as MessagePack: its UTF-8 bytes are those of the last
     * value packed in its field when it is the same string, encoded once and remembered otherwise.
     */
    void packString(final Field field, final String value) throws IOException {
        final int f = field.ordinal();
        byte[] bytes = lastEncodedBytes[f];
        final String last = lastEncoded[f];
        if (last != value && !value.equals(last)) {
            bytes = value.getBytes(StandardCharsets.UTF_8);
            lastEncoded[f] = value;
            lastEncodedBytes[f] = bytes;
        }
        packer.packRawStringHeader(bytes.length).writePayload(bytes);
    }

    /** The unpacker, reading {@code frame} from its start. */
    MessageUnpacker unpacker(final byte[] frame) throws IOException {
        return unpacker(frame, 0, frame.length);
    }

    /** The unpacker, reading bytes {@code offset..offset + length} of {@code array}. */
    MessageUnpacker unpacker(final byte[] array, final int offset, final int length) throws IOException {
        input.reset(array, offset, length);
        unpacker.reset(input);
        return unpacker;
    }

    /** Reads the next value, which must be a string, into the scratch buffer; returns its length. */
    int readRaw(final MessageUnpacker u, final String what) throws IOException, MalformedFrameException {
        final ValueType t = u.getNextFormat().getValueType();
        if (t != ValueType.STRING) {
            throw new MalformedFrameException("header \"" + what + "\" : " + t + " (expected: STRING)");
        }
        final int n = u.unpackRawStringHeader();
        if (n > scratch.length) {
            scratch = new byte[Math.max(n, 2 * scratch.length)];
        }
        u.readPayload(scratch, 0, n);
        scratchLength = n;
        return n;
    }

    /** True when the last string read is {@code key}, byte for byte. */
    boolean is(final byte[] key) {
        // The length first: most keys are told apart by it, without the range checks of a compare.
        return scratchLength == key.length && Arrays.equals(scratch, 0, scratchLength, key, 0, key.length);
    }

    /** The last string read, as a String: the remembered one when the bytes are the same. */
    String string(final Field field) throws MalformedFrameException {
        final int f = field.ordinal();
        final byte[] last = lastBytes[f];
        if (last != null && Arrays.equals(scratch, 0, scratchLength, last, 0, last.length)) {
            return lastStrings[f];
        }
        final String s = decodeUtf8(scratch, scratchLength, field);
        lastBytes[f] = Arrays.copyOf(scratch, scratchLength);
        lastStrings[f] = s;
        return s;
    }

    /**
     * The unpacker's input: one frame, handed over once. msgpack-core wraps each array it is given
     * in a new {@link MessageBuffer}; a frame of at most {@link #COPIED_MAX_BYTES} (every header
     * but those with many extra headers) is copied instead into an array of this thread's, whose
     * wrapper for that length is made once and kept.
     */
    private static final class FrameInput implements MessageBufferInput {
        static final int COPIED_MAX_BYTES = 512;
        private final byte[] copy = new byte[COPIED_MAX_BYTES];
        private final MessageBuffer[] byLength = new MessageBuffer[COPIED_MAX_BYTES + 1];
        private MessageBuffer next;

        void reset(final byte[] frame, final int offset, final int length) {
            if (length > COPIED_MAX_BYTES) {
                next = MessageBuffer.wrap(frame, offset, length);
                return;
            }
            System.arraycopy(frame, offset, copy, 0, length);
            MessageBuffer b = byLength[length];
            if (b == null) {
                b = MessageBuffer.wrap(copy, 0, length);
                byLength[length] = b;
            }
            next = b;
        }

        @Override
        public MessageBuffer next() {
            final MessageBuffer b = next;
            next = null;
            return b;
        }

        @Override
        public void close() {
            next = null;
        }
    }

    private static String decodeUtf8(final byte[] b, final int n, final Field field) throws MalformedFrameException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, n)).toString();
        } catch (CharacterCodingException ex) {
            throw new MalformedFrameException("header \"" + field.name().toLowerCase(java.util.Locale.ROOT)
                + "\" : invalid UTF-8 (expected: a UTF-8 string)", ex);
        }
    }
}
