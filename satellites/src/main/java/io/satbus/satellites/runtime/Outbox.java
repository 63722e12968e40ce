package io.satbus.satellites.runtime;

import io.satbus.satellites.runtime.CustodyWindow.Kept;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * An instance's sends on disk until their custody passed on ({@code outbox: true}), so that a
 * restarted process sends again what its killed predecessor had sent and not seen acknowledged.
 * An append-only file of records, written by {@link #flush} before anything leaves the process
 * (and fsync'd then with {@code outbox_fsync}); rewritten with only the pending sends when it
 * has grown past {@link #COMPACT_BYTES}, and when opened.
 *
 * <pre>
 * sent   = 0x01, id: int64, position: int64, service: int32 length + bytes,
 *          envelope header: int32 length + bytes, payload: int32 length + bytes
 * passed = 0x02, id: int64                 acknowledged or released as dead
 * </pre>
 * Big-endian. A record cut short at the end (the process died while writing it) is ignored: a
 * send is written before it leaves, so one cut short never left.
 *
 * <p>NOT thread-safe: owned by the runtime thread.
 */
final class Outbox implements AutoCloseable {
    static final long COMPACT_BYTES = 64L << 20;
    private static final byte SENT = 1;
    private static final byte PASSED = 2;

    private final Path file;
    private final boolean fsync;
    private final LinkedHashMap<Long, Kept> pending;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
    private final DataOutputStream out = new DataOutputStream(buffer);
    private FileChannel channel;
    private long fileBytes;

    private Outbox(final Path file, final boolean fsync) throws IOException {
        this.file = file;
        this.fsync = fsync;
        this.pending = read(file);
        rewrite();
    }

    static Outbox open(final Path file, final boolean fsync) {
        try {
            return new Outbox(file, fsync);
        } catch (IOException e) {
            throw new UncheckedIOException("outbox " + file + " : " + e.getMessage()
                + " (expected: a file this process may read and write)", e);
        }
    }

    /** The sends of earlier processes not acknowledged, oldest first (none of them waits on a reply). */
    List<Kept> pending() {
        return new ArrayList<>(pending.values());
    }

    void sent(final Kept k) {
        pending.put(k.id(), new Kept(k.id(), k.service(), k.message(), k.header(), k.payload(), k.position(), List.of()));
        try {
            record(k);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    void passed(final long id) {
        if (pending.remove(id) == null) {
            return;
        }
        try {
            out.writeByte(PASSED);
            out.writeLong(id);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /** Writes what was recorded since the last call (and syncs it with outbox_fsync). */
    void flush() {
        if (buffer.size() == 0) {
            return;
        }
        try {
            if (fileBytes + buffer.size() > COMPACT_BYTES) {
                buffer.reset();
                rewrite();
                return;
            }
            final ByteBuffer b = ByteBuffer.wrap(buffer.toByteArray());
            while (b.hasRemaining()) {
                fileBytes += channel.write(b);
            }
            buffer.reset();
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("outbox " + file + " : " + e.getMessage(), e);
        }
    }

    /** Replaces the file with one holding only the pending sends. */
    private void rewrite() throws IOException {
        if (channel != null) {
            channel.close();
        }
        for (Kept k : pending.values()) {
            record(k);
        }
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            final ByteBuffer b = ByteBuffer.wrap(buffer.toByteArray());
            while (b.hasRemaining()) {
                c.write(b);
            }
            if (fsync) {
                c.force(false);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        fileBytes = buffer.size();
        buffer.reset();
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Appends a sent record of {@code k} to the buffer. */
    private void record(final Kept k) throws IOException {
        out.writeByte(SENT);
        out.writeLong(k.id());
        out.writeLong(k.position());
        bytes(k.service());
        bytes(k.headerBytes());
        bytes(k.payload());
    }

    private void bytes(final byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static LinkedHashMap<Long, Kept> read(final Path file) throws IOException {
        final LinkedHashMap<Long, Kept> sends = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return sends;
        }
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        while (b.hasRemaining()) {
            final int start = b.position();
            try {
                final byte type = b.get();
                final long id = b.getLong();
                if (type == PASSED) {
                    sends.remove(id);
                } else if (type == SENT) {
                    final long position = b.getLong();
                    sends.put(id, new Kept(id, array(b), null, array(b), array(b), position, List.of()));
                } else {
                    throw new IOException("record at byte " + start + " : type " + type + " (expected: 1 or 2)");
                }
            } catch (java.nio.BufferUnderflowException | NegativeArraySizeException cutShort) {
                break;
            }
        }
        return sends;
    }

    private static byte[] array(final ByteBuffer b) {
        final byte[] a = new byte[b.getInt()];
        b.get(a);
        return a;
    }

    @Override
    public void close() {
        try {
            flush();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("outbox " + file, e);
        }
    }
}
