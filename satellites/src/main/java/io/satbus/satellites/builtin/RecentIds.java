package io.satbus.satellites.builtin;

import io.satbus.core.collections.LongIntHashMap;
import java.util.Arrays;

/**
 * The last {@code capacity} distinct message ids, to spot repeats in bounded memory: the least
 * recently seen id is forgotten first (an id seen again becomes the most recent). Used by the
 * sink, the parser, the publisher and a worker's record of the requests it completed. NOT
 * thread-safe.
 *
 * <p>Every message a worker or a sink handles goes through here, so it keeps no object per id:
 * the ids sit in arrays linked by index from the least to the most recently seen, and a primitive
 * map finds an id's index. The arrays grow with use, up to {@code capacity}.
 */
public final class RecentIds {
    private static final int NONE = -1;
    private static final int MIN_ROOM = 16;

    private final int capacity;
    private final LongIntHashMap index;
    private long[] ids;
    private int[] older;
    private int[] newer;
    private int size;
    /** Least recently seen: forgotten first. */
    private int oldest = NONE;
    private int newest = NONE;

    public RecentIds(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity : " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
        final int room = Math.min(capacity, MIN_ROOM);
        this.index = LongIntHashMap.forRuns(room);
        this.ids = new long[room];
        this.older = new int[room];
        this.newer = new int[room];
    }

    /** Remembers {@code id}; false when it was already remembered (a repeat). */
    public boolean add(final long id) {
        final int known = index.get(id);
        if (known != LongIntHashMap.MISSING) {
            touch(known);
            return false;
        }
        final int slot;
        if (size == capacity) {
            slot = oldest;
            unlink(slot);
            index.remove(ids[slot]);
        } else {
            if (size == ids.length) {
                grow();
            }
            slot = size++;
        }
        ids[slot] = id;
        linkNewest(slot);
        index.put(id, slot);
        return true;
    }

    /** True when {@code id} is remembered; counts as a use. */
    public boolean contains(final long id) {
        final int slot = index.get(id);
        if (slot == LongIntHashMap.MISSING) {
            return false;
        }
        touch(slot);
        return true;
    }

    public int size() {
        return size;
    }

    private void touch(final int slot) {
        if (slot != newest) {
            unlink(slot);
            linkNewest(slot);
        }
    }

    private void unlink(final int slot) {
        final int o = older[slot];
        final int n = newer[slot];
        if (o == NONE) {
            oldest = n;
        } else {
            newer[o] = n;
        }
        if (n == NONE) {
            newest = o;
        } else {
            older[n] = o;
        }
    }

    private void linkNewest(final int slot) {
        older[slot] = newest;
        newer[slot] = NONE;
        if (newest == NONE) {
            oldest = slot;
        } else {
            newer[newest] = slot;
        }
        newest = slot;
    }

    private void grow() {
        final int room = (int) Math.min(capacity, 2L * ids.length);
        ids = Arrays.copyOf(ids, room);
        older = Arrays.copyOf(older, room);
        newer = Arrays.copyOf(newer, room);
    }
}
