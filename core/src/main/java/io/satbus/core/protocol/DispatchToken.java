package io.satbus.core.protocol;

/**
 * The reply-to frame the orchester puts in every REQUEST it sends to a worker.
 *
 * <pre>
 * +----------------------------+----------------------+
 * | dispatch id (int64, BE)    | attempt (int32, BE)  |   12 bytes
 * +----------------------------+----------------------+
 * </pre>
 * Plain MDP workers echo it back untouched in their REPLY, as spec 7 asks them to do with
 * the client address; the orchester uses it to find the dispatch, and to drop a late reply
 * from an attempt that has already been given up. satbus workers may read the attempt.
 */
public final class DispatchToken {
    public static final int LENGTH = 12;

    private DispatchToken() {
    }

    public static byte[] encode(final long dispatchId, final int attempt) {
        final byte[] b = new byte[LENGTH];
        encode(dispatchId, attempt, b);
        return b;
    }

    public static void encode(final long dispatchId, final int attempt, final byte[] into) {
        for (int i = 0; i < 8; i++) {
            into[i] = (byte) (dispatchId >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            into[8 + i] = (byte) (attempt >>> (24 - 8 * i));
        }
    }

    /** Checks the length; {@link #dispatchId} and {@link #attempt} assume it was checked. */
    public static void check(final byte[] token) throws MalformedFrameException {
        if (token == null) {
            throw new MalformedFrameException("reply-to : missing (expected: " + LENGTH + "-byte dispatch token)");
        }
        check(token.length);
    }

    /** {@link #check(byte[])} of a token of {@code length} bytes read where it lies. */
    public static void check(final int length) throws MalformedFrameException {
        if (length != LENGTH) {
            throw new MalformedFrameException("reply-to : " + length + " bytes (expected: " + LENGTH
                + "-byte dispatch token)");
        }
    }

    public static long dispatchId(final byte[] token) {
        return dispatchId(token, 0);
    }

    /** The dispatch id of the token at {@code offset} of {@code array}. */
    public static long dispatchId(final byte[] array, final int offset) {
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = (id << 8) | (array[offset + i] & 0xffL);
        }
        return id;
    }

    public static int attempt(final byte[] token) {
        return attempt(token, 0);
    }

    /** The attempt of the token at {@code offset} of {@code array}. */
    public static int attempt(final byte[] array, final int offset) {
        int a = 0;
        for (int i = 8; i < LENGTH; i++) {
            a = (a << 8) | (array[offset + i] & 0xff);
        }
        return a;
    }
}
