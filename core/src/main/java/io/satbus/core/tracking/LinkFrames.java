package io.satbus.core.tracking;

import io.satbus.core.protocol.MalformedFrameException;
import java.io.IOException;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/** Typed reads shared by the two link codecs; each failure says which field of which kind. Stateless. */
final class LinkFrames {
    /** Largest link frame accepted: a status with 10,000 services fits with room to spare. */
    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private LinkFrames() {
    }

    static void checkFrame(final String what, final byte[] frame) throws MalformedFrameException {
        checkLength(what, frame == null ? 0 : frame.length);
    }

    static void checkLength(final String what, final int length) throws MalformedFrameException {
        if (length <= 0 || length > MAX_FRAME_BYTES) {
            throw new MalformedFrameException(what + " frame : " + length
                + " bytes (expected: 1.." + MAX_FRAME_BYTES + " bytes of MessagePack arrays)");
        }
    }

    /** Reads an array header and its kind; checks the arity that kind must have. */
    static int kind(final MessageUnpacker u, final String what, final int[] arity, final String[] names)
        throws IOException, MalformedFrameException {
        final MessageFormat f = u.getNextFormat();
        if (f.getValueType() != ValueType.ARRAY) {
            throw new MalformedFrameException(what + " : " + f.getValueType() + " (expected: ARRAY [kind, ...])");
        }
        final int n = u.unpackArrayHeader();
        if (n < 1) {
            throw new MalformedFrameException(what + " : empty array (expected: [kind, ...])");
        }
        // The label's two parts are joined only for an error: this runs for every event.
        final long kind = integer(u, what, " kind");
        if (kind < 1 || kind >= arity.length) {
            throw new MalformedFrameException(what + " kind : " + kind + " (expected: 1.." + (arity.length - 1) + ")");
        }
        if (n != arity[(int) kind]) {
            throw new MalformedFrameException(what + " " + names[(int) kind] + " : " + n + " elements (expected: "
                + arity[(int) kind] + ")");
        }
        return (int) kind;
    }

    static long integer(final MessageUnpacker u, final String field) throws IOException, MalformedFrameException {
        return integer(u, field, "");
    }

    /** {@link #integer(MessageUnpacker, String)} of the field named {@code prefix + suffix}, joined only for an error. */
    private static long integer(final MessageUnpacker u, final String prefix, final String suffix)
        throws IOException, MalformedFrameException {
        final ValueType t = u.getNextFormat().getValueType();
        if (t != ValueType.INTEGER) {
            throw new MalformedFrameException(prefix + suffix + " : " + t + " (expected: INTEGER)");
        }
        return u.unpackLong();
    }

    static int int32(final MessageUnpacker u, final String field) throws IOException, MalformedFrameException {
        final long v = integer(u, field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new MalformedFrameException(field + " : " + v + " (expected: a 32-bit integer)");
        }
        return (int) v;
    }

    static String string(final MessageUnpacker u, final String field) throws IOException, MalformedFrameException {
        final ValueType t = u.getNextFormat().getValueType();
        if (t != ValueType.STRING) {
            throw new MalformedFrameException(field + " : " + t + " (expected: STRING)");
        }
        return u.unpackString();
    }
}
