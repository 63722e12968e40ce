package io.satbus.core.zmq;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import zmq.Msg;

/**
 * Buffers that a socket's batches are written into and sent from as they are, given back once
 * JeroMQ's I/O thread has written them, instead of JeroMQ's copy of every batch sent
 * ({@code send(array, offset, length)} copies the range into a message of its own).
 *
 * <p>Ownership: the sender {@link #take}s a buffer, fills it and sends it as {@link #message};
 * from then on the buffer is JeroMQ's. Its encoder gives it back ({@link #written}, a call that
 * satbus adds to JeroMQ's {@code zmq.io.coder.EncoderBase}, see core/pom.xml) once every byte of
 * it has been copied into the encoder's own buffer or written to the connection. A message the
 * encoder never finishes (dropped by a ROUTER for a peer it does not know or whose queue is full,
 * left in a pipe that closes, encrypted into a new message by CURVE, delivered over inproc) is
 * never given back and is left to the collector, as every message is without this class. A
 * buffer is therefore used again only after JeroMQ is done with it, and never given back twice:
 * only a socket that hands a message to one pipe (ROUTER, DEALER) may send these, never one that
 * hands the same message to several (PUB, XPUB).
 *
 * <p>At most {@code maxPooledBytes} are kept for reuse; beyond that, what is given back is left to
 * the collector. Thread safe (the owner takes, the I/O thread gives back).
 */
public final class SendBuffers {
    private final int initialBytes;
    private final long maxPooledBytes;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private long pooledBytes;
    private long taken;
    private long reused;
    private long givenBack;

    /**
     * @param initialBytes   size of a new buffer (its writer grows it as needed)
     * @param maxPooledBytes most bytes kept for reuse
     */
    public SendBuffers(final int initialBytes, final long maxPooledBytes) {
        if (initialBytes < 1 || maxPooledBytes < 0) {
            throw new IllegalArgumentException("send buffers : " + initialBytes + " bytes each, " + maxPooledBytes
                + " kept (expected: >= 1 and >= 0)");
        }
        this.initialBytes = initialBytes;
        this.maxPooledBytes = maxPooledBytes;
    }

    /** A buffer to write the next message into: the one given back last, or a new one. */
    public byte[] take() {
        synchronized (this) {
            taken++;
            final byte[] array = free.pollLast();
            if (array != null) {
                pooledBytes -= array.length;
                reused++;
                return array;
            }
        }
        return new byte[initialBytes];
    }

    /**
     * {@code array}'s first {@code length} bytes as a message to send; the array is JeroMQ's from
     * the moment it is sent, and comes back to {@link #take} once written.
     */
    public Msg message(final byte[] array, final int length) {
        return new Sent(this, array, length);
    }

    /**
     * Called by JeroMQ's encoder (patched, see core/pom.xml) when it has finished with
     * {@code msg}: a message of these buffers comes back to its pool, any other is let be.
     */
    public static void written(final Msg msg) {
        if (msg instanceof Sent sent) {
            sent.owner.giveBack(sent.array);
        }
    }

    private void giveBack(final byte[] array) {
        synchronized (this) {
            givenBack++;
            if (pooledBytes + array.length <= maxPooledBytes) {
                free.addLast(array);
                pooledBytes += array.length;
            }
        }
    }

    /** Buffers taken so far. */
    public synchronized long taken() {
        return taken;
    }

    /** Of {@link #taken}, those that had been sent and given back before. */
    public synchronized long reused() {
        return reused;
    }

    /** Messages the encoder has finished with and given back (kept or not). */
    public synchronized long givenBack() {
        return givenBack;
    }

    /** Bytes kept for reuse now. */
    public synchronized long pooledBytes() {
        return pooledBytes;
    }

    /** A message whose buffer goes back to {@link #owner} once written. */
    private static final class Sent extends Msg {
        final SendBuffers owner;
        final byte[] array;

        Sent(final SendBuffers owner, final byte[] array, final int length) {
            // A slice, whose capacity is the message's length: JeroMQ's encoder, writing a large
            // message from its own buffer, writes up to the buffer's capacity.
            super(ByteBuffer.wrap(array, 0, length).slice());
            this.owner = owner;
            this.array = array;
        }
    }
}
