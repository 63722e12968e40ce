package io.satbus.core.zmq;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import zmq.Msg;
import zmq.msg.MsgAllocator;

/**
 * Buffers that a socket's large received messages (batches) are read into, used again once their
 * owner has read them, instead of a new array per message (JeroMQ's own allocator). Set on a
 * socket with {@code socket.setMsgAllocator} before it binds or connects.
 *
 * <p>Ownership: JeroMQ's I/O thread takes a buffer for each message of at least
 * {@link #MIN_POOLED_BYTES}; the message then belongs to whoever receives it, who gives it back
 * with {@link #release} only once nothing reads its bytes any more (a batch whose frames have all
 * been copied out). A message that is never given back is simply left to the collector. A
 * pooled message is recognisable by its array being longer than its size ({@link #pooled}): the
 * arrays are one byte longer than their size class, so no pooled message ever fills its array,
 * and {@code Msg.data()} of one always copies. Anything else given to {@link #release} is
 * ignored.
 *
 * <p>At most {@code maxPooledBytes} are kept for reuse; beyond that, what is given back is left to
 * the collector. Thread safe (the I/O thread takes, the owner gives back).
 */
public final class ReceiveBuffers implements MsgAllocator {
    /** Smaller messages get an array of their own, as with JeroMQ's allocator. */
    public static final int MIN_POOLED_BYTES = 1024;
    private static final int MIN_SHIFT = 10;

    private final int maxClassBytes;
    private final long maxPooledBytes;
    private final ArrayDeque<byte[]>[] free;
    private long pooledBytes;
    private long taken;
    private long reused;

    /**
     * @param maxMessageBytes largest message to pool (larger ones get an array of their own): the
     *                        batch limit
     * @param maxPooledBytes  most bytes kept for reuse
     */
    @SuppressWarnings("unchecked")
    public ReceiveBuffers(final int maxMessageBytes, final long maxPooledBytes) {
        if (maxMessageBytes < MIN_POOLED_BYTES || maxPooledBytes < 0) {
            throw new IllegalArgumentException("receive buffers : " + maxMessageBytes + " bytes per message, "
                + maxPooledBytes + " kept (expected: >= " + MIN_POOLED_BYTES + " and >= 0)");
        }
        final int classes = classOf(maxMessageBytes) + 1;
        this.maxClassBytes = MIN_POOLED_BYTES << (classes - 1);
        this.maxPooledBytes = maxPooledBytes;
        this.free = new ArrayDeque[classes];
        for (int i = 0; i < classes; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /** Size class of {@code size} (>= MIN_POOLED_BYTES): 0 for up to 1 KB, 1 for up to 2 KB, ... */
    private static int classOf(final int size) {
        return Math.max(0, 32 - Integer.numberOfLeadingZeros(size - 1) - MIN_SHIFT);
    }

    @Override
    public Msg allocate(final int size) {
        if (size < MIN_POOLED_BYTES || size > maxClassBytes) {
            return new Msg(size);
        }
        final int c = classOf(size);
        byte[] array;
        synchronized (this) {
            taken++;
            array = free[c].pollLast();
            if (array != null) {
                pooledBytes -= array.length;
                reused++;
            }
        }
        if (array == null) {
            array = new byte[(MIN_POOLED_BYTES << c) + 1];
        }
        return new Msg(ByteBuffer.wrap(array, 0, size));
    }

    /** True when {@code msg} was read into one of these buffers (or one like them). */
    public static boolean pooled(final Msg msg) {
        final ByteBuffer buf = msg.buf();
        return buf.hasArray() && buf.arrayOffset() == 0 && buf.array().length > msg.size();
    }

    /**
     * Gives {@code msg}'s buffer back for the next message. Only once nothing reads its bytes any
     * more: the next message may be read into it at once, on another thread.
     */
    public void release(final Msg msg) {
        if (msg == null || !pooled(msg)) {
            return;
        }
        final byte[] array = msg.buf().array();
        final int classBytes = array.length - 1;
        if (classBytes < MIN_POOLED_BYTES || classBytes > maxClassBytes || Integer.bitCount(classBytes) != 1) {
            return;
        }
        synchronized (this) {
            if (pooledBytes + array.length <= maxPooledBytes) {
                free[classOf(classBytes)].addLast(array);
                pooledBytes += array.length;
            }
        }
    }

    /** {@code msg}'s bytes as an array of its own; a pooled buffer is copied out and given back at once. */
    public byte[] copyOut(final Msg msg) {
        final byte[] bytes = msg.data();
        release(msg);
        return bytes;
    }

    /** Pooled messages received so far. */
    public synchronized long taken() {
        return taken;
    }

    /** Of {@link #taken}, those read into a buffer used before. */
    public synchronized long reused() {
        return reused;
    }

    /** Bytes kept for reuse now. */
    public synchronized long pooledBytes() {
        return pooledBytes;
    }
}
