package io.satbus.core.collections;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A byte string (a ZeroMQ identity, a client address) as a hash map key, its hash computed once.
 *
 * <p>The rooms' hot paths look peers up by identity for every message; wrapping the frame in a
 * new {@code ByteBuffer} for each look-up cost an object and a byte-by-byte hash each time. A
 * stored key is made once ({@link #copyOf}, {@link #over}); a look-up goes through the owner's
 * {@link Probe}, one object reused for every look-up.
 */
public class BytesKey {
    private byte[] bytes;
    private int hash;

    private BytesKey(final byte[] bytes) {
        set(bytes);
    }

    /** A key of a copy of {@code bytes}: the caller may reuse {@code bytes} afterwards. */
    public static BytesKey copyOf(final byte[] bytes) {
        return new BytesKey(bytes.clone());
    }

    /** A key over {@code bytes} itself, which nobody changes while the key is in use. */
    public static BytesKey over(final byte[] bytes) {
        return new BytesKey(bytes);
    }

    /** The key's bytes; not to be changed. */
    public final byte[] bytes() {
        return bytes;
    }

    final void set(final byte[] b) {
        bytes = b;
        hash = Arrays.hashCode(b);
    }

    @Override
    public final boolean equals(final Object o) {
        return o instanceof BytesKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public final int hashCode() {
        return hash;
    }

    @Override
    public final String toString() {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The key to look {@code bytes} up with, without an object per look-up: {@link #of} points it
     * at the bytes. Never to be stored in a map. Owned by one thread. NOT thread safe.
     */
    public static final class Probe extends BytesKey {
        public Probe() {
            super(new byte[0]);
        }

        /**
         * This probe, now over {@code bytes}. The same array as the look-up before keeps its hash:
         * frames are never written once received, and a peer's identity comes again and again as
         * one array (a worker's, or the batch reader's shared copy of a short frame).
         */
        public BytesKey of(final byte[] bytes) {
            if (bytes != bytes()) {
                set(bytes);
            }
            return this;
        }
    }
}
