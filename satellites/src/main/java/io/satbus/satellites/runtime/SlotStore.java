package io.satbus.satellites.runtime;

import io.satbus.satellites.builtin.RecentIds;
import java.io.IOError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * What one instance slot ({@code NAME.K}) keeps across the deaths of its processes, in its
 * state directory: its {@link Positions} and counters ({@code NAME.K.state}) and the ids it
 * completed ({@code NAME.K.ids}, {@code NAME.K.ids.1}). {@link #save} writes them, and the
 * runtime calls it before anything leaves the process: whatever a peer may have seen of this
 * process is on file, so a killed process loses no counted event that had an effect outside it.
 * Writes go to the operating system (no fsync): they survive a killed process, not a crash of
 * the machine. Without a directory everything is kept in memory only.
 *
 * <pre>
 * NAME.K.state  big-endian: int magic "SBS2", int n, then n longs:
 *               id base, next position, next position sent, prefix, orphans, counters
 *               ({@link SatelliteStats#snapshot}),
 *               passed positions beyond the prefix
 * NAME.K.ids    the ids completed, 8 bytes each, appended; at dedup_window ids it becomes NAME.K.ids.1
 * </pre>
 *
 * <p>NOT thread-safe: owned by the runtime thread.
 */
final class SlotStore implements AutoCloseable {
    private static final int MAGIC = 0x53425332;
    private static final int FIXED = 5;
    private static final SecureRandom SEEDS = new SecureRandom();

    private final Path stateFile;
    private final Path idsFile;
    private final Path oldIdsFile;
    private final int window;
    private final RecentIds completed;
    private final Positions positions;
    private final long[] restoredCounters;
    private final long restoredOrphans;
    private final boolean restored;
    private FileChannel state;
    private FileChannel ids;
    private long idsInFile;
    private ByteBuffer idsBuffer = ByteBuffer.allocate(8 * 256);
    private ByteBuffer stateBuffer = ByteBuffer.allocate(256);

    private SlotStore(final Path dir, final String slot, final int window) throws IOException {
        this.window = window;
        this.completed = new RecentIds(window);
        if (dir == null) {
            stateFile = idsFile = oldIdsFile = null;
            positions = new Positions(SEEDS.nextLong(), 0, 0, 0, new long[0]);
            restoredCounters = new long[0];
            restoredOrphans = 0;
            restored = false;
            return;
        }
        Files.createDirectories(dir);
        stateFile = dir.resolve(slot + ".state");
        idsFile = dir.resolve(slot + ".ids");
        oldIdsFile = dir.resolve(slot + ".ids.1");
        final long[] values = readState(stateFile);
        restored = values != null;
        if (values == null) {
            positions = new Positions(SEEDS.nextLong(), 0, 0, 0, new long[0]);
            restoredCounters = new long[0];
            restoredOrphans = 0;
        } else {
            final int counters = SatelliteStats.SNAPSHOT_SIZE;
            positions = new Positions(values[0], values[1], values[2], values[3],
                Arrays.copyOfRange(values, FIXED + counters, values.length));
            restoredOrphans = values[4];
            restoredCounters = Arrays.copyOfRange(values, FIXED, FIXED + counters);
        }
        readIds(oldIdsFile);
        idsInFile = readIds(idsFile);
        state = FileChannel.open(stateFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ids = FileChannel.open(idsFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** The slot {@code slot} ("NAME.K") in {@code dir}, restored from its files; in memory when {@code dir} is null. */
    static SlotStore open(final Path dir, final String slot, final int dedupWindow) {
        try {
            return new SlotStore(dir, slot, dedupWindow);
        } catch (IOException e) {
            throw new UncheckedIOException("state of " + slot + " in " + dir + " : " + e.getMessage()
                + " (expected: a folder this process may read and write)", e);
        }
    }

    /** True when an earlier process of the slot left its state: the counters continue from it. */
    boolean restored() {
        return restored;
    }

    /** The earlier processes' counters ({@link SatelliteStats#snapshot}), empty when none. */
    long[] restoredCounters() {
        return restoredCounters.clone();
    }

    /** Sends without custody upstream (no held reply, not a source's) that the last process left unacknowledged. */
    long restoredOrphans() {
        return restoredOrphans;
    }

    Positions positions() {
        return positions;
    }

    /** True when {@code id} was completed (among the last dedup_window). */
    boolean completed(final long id) {
        return completed.contains(id);
    }

    /** Remembers a completed id; it reaches the file with the next {@link #save}. */
    void complete(final long id) {
        if (!completed.add(id) || idsFile == null) {
            return;
        }
        if (idsBuffer.remaining() < 8) {
            idsBuffer = ByteBuffer.allocate(idsBuffer.capacity() * 2).put(idsBuffer.flip());
        }
        idsBuffer.putLong(id);
    }

    /**
     * Writes the counters, positions and new completed ids, before anything leaves the process.
     *
     * @throws IOError when they cannot be written: the process must end (its supervisor starts a
     *     new one from what is on file) rather than send what it could not record
     */
    void save(final long[] counters, final long orphans) {
        if (stateFile == null) {
            return;
        }
        try {
            appendIds();
            final long[] passed = positions.passedBeyondPrefix();
            final int n = FIXED + counters.length + passed.length;
            if (stateBuffer.capacity() < 8 + 8 * n) {
                stateBuffer = ByteBuffer.allocate(Math.max(8 + 8 * n, stateBuffer.capacity() * 2));
            }
            stateBuffer.clear();
            stateBuffer.putInt(MAGIC).putInt(n);
            stateBuffer.putLong(positions.idBase()).putLong(positions.next()).putLong(positions.keptNext())
                .putLong(positions.prefix()).putLong(orphans);
            for (long c : counters) {
                stateBuffer.putLong(c);
            }
            for (long p : passed) {
                stateBuffer.putLong(p);
            }
            stateBuffer.flip();
            while (stateBuffer.hasRemaining()) {
                state.write(stateBuffer, stateBuffer.position());
            }
        } catch (IOException e) {
            // Custody rests on this file: a process that cannot write it must not go on sending.
            throw new IOError(new IOException("state file " + stateFile + " : " + e, e));
        }
    }

    private void appendIds() throws IOException {
        if (idsBuffer.position() == 0) {
            return;
        }
        final int count = idsBuffer.position() / 8;
        if (idsInFile + count > window) {
            ids.close();
            Files.move(idsFile, oldIdsFile, StandardCopyOption.REPLACE_EXISTING);
            ids = FileChannel.open(idsFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
            idsInFile = 0;
        }
        idsBuffer.flip();
        while (idsBuffer.hasRemaining()) {
            ids.write(idsBuffer);
        }
        idsBuffer.clear();
        idsInFile += count;
    }

    private long readIds(final Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        long n = 0;
        while (b.remaining() >= 8) {
            completed.add(b.getLong());
            n++;
        }
        return n;
    }

    /** The values of a state file, or null when there is none (or it is not one: started afresh). */
    private static long[] readState(final Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < 8 || b.getInt() != MAGIC) {
            return null;
        }
        final int n = b.getInt();
        if (n < FIXED + SatelliteStats.SNAPSHOT_SIZE || b.remaining() < 8L * n) {
            return null;
        }
        final long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = b.getLong();
        }
        return values;
    }

    @Override
    public void close() {
        try {
            if (state != null) {
                state.close();
            }
            if (ids != null) {
                ids.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing state of " + stateFile, e);
        }
    }
}
