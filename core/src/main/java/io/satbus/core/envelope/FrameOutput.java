package io.satbus.core.envelope;

import io.satbus.core.protocol.Batch;
import java.util.Arrays;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * Where a thread's MessagePack packer writes a header frame: one array, kept and grown, never
 * given up between frames. msgpack-core's own {@code ArrayBufferOutput} drops its buffers on
 * {@code clear()} and copies them out on {@code toByteArray()}; here a frame costs the one copy
 * that {@link #toByteArray()} returns.
 *
 * <p>Confined to its thread; NOT thread safe.
 */
final class FrameOutput implements MessageBufferOutput {
    private byte[] array;
    private MessageBuffer whole;
    private int size;

    FrameOutput(final int initialBytes) {
        array = new byte[initialBytes];
        whole = MessageBuffer.wrap(array);
    }

    /** Forgets what was written: the next frame starts at the array's beginning. */
    void clear() {
        size = 0;
    }

    /** The bytes written since {@link #clear()}, copied. */
    byte[] toByteArray() {
        return Arrays.copyOf(array, size);
    }

    /** The bytes written since {@link #clear()}, appended to {@code parts} as a range of the array. */
    void rangeInto(final Batch.Parts parts) {
        parts.addRange(array, 0, size);
    }

    @Override
    public MessageBuffer next(final int minimumSize) {
        ensure(minimumSize);
        return size == 0 ? whole : MessageBuffer.wrap(array, size, array.length - size);
    }

    @Override
    public void writeBuffer(final int length) {
        size += length;
    }

    @Override
    public void write(final byte[] buffer, final int offset, final int length) {
        ensure(length);
        System.arraycopy(buffer, offset, array, size, length);
        size += length;
    }

    @Override
    public void add(final byte[] buffer, final int offset, final int length) {
        write(buffer, offset, length);
    }

    @Override
    public void close() {
    }

    @Override
    public void flush() {
    }

    private void ensure(final int more) {
        if (array.length - size < more) {
            array = Arrays.copyOf(array, Math.max(array.length * 2, size + more));
            whole = MessageBuffer.wrap(array);
        }
    }
}
