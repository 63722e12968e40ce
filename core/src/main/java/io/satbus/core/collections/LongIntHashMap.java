package io.satbus.core.collections;

import java.util.Arrays;

/**
 * Open-addressing map from {@code long} keys to non-negative {@code int} values, with linear
 * probing and backward-shift deletion: no object per entry, no boxing, no tombstones. Any long
 * is a valid key; a slot is empty when its value is {@link #MISSING}.
 *
 * <p>Shared by the rooms' hot paths (the tracker's dispatches, the orchester's) so that none keys
 * a map by boxed {@code Long}. Owned by one thread. NOT thread safe.
 */
public final class LongIntHashMap {
    /** What {@link #get} returns for an absent key; never a stored value. */
    public static final int MISSING = -1;
    /** Consecutive keys kept side by side by {@link #forRuns}. */
    public static final int RUN = 8;
    private static final int RUN_SHIFT = 3;
    private static final int MIN_CAPACITY = 16;
    /** Grow when more than 2/3 full: short probe runs, and 1M keys still fit 2^21 slots. */
    private static final int LOAD_NUM = 2;
    private static final int LOAD_DEN = 3;

    private long[] keys;
    private int[] values;
    private int mask;
    /** log2 of the runs of consecutive keys kept side by side; 0 spreads every key. */
    private final int runShift;
    private int size;
    private int resizeAt;

    public LongIntHashMap(final int expected) {
        this(expected, 0);
    }

    /**
     * A map for keys that mostly come in ascending runs (the ids one origin creates), looked up
     * in about the order they came: {@link #RUN} consecutive keys share their slots' cache lines
     * instead of being spread over the table, so that a large map (a dedup window of 100,000
     * ids) costs a cache miss per run of keys rather than per key.
     */
    public static LongIntHashMap forRuns(final int expected) {
        return new LongIntHashMap(expected, RUN_SHIFT);
    }

    private LongIntHashMap(final int expected, final int runShift) {
        this.runShift = runShift;
        if (expected < 0) {
            throw new IllegalArgumentException("expected size : " + expected + " (expected: >= 0)");
        }
        allocate(capacityFor(expected));
    }

    public int size() {
        return size;
    }

    /** The value of {@code key}, or {@link #MISSING}. */
    public int get(final long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            final int v = values[i];
            if (v == MISSING) {
                return MISSING;
            }
            if (keys[i] == key) {
                return v;
            }
        }
    }

    /** Maps {@code key} to {@code value} (>= 0); returns the previous value or {@link #MISSING}. */
    public int put(final long key, final int value) {
        if (value < 0) {
            throw new IllegalArgumentException("value : " + value + " (expected: >= 0)");
        }
        for (int i = slot(key); ; i = (i + 1) & mask) {
            final int v = values[i];
            if (v == MISSING) {
                keys[i] = key;
                values[i] = value;
                if (++size > resizeAt) {
                    rehash(keys.length * 2);
                }
                return MISSING;
            }
            if (keys[i] == key) {
                values[i] = value;
                return v;
            }
        }
    }

    /** Removes {@code key}; returns its value or {@link #MISSING}. */
    public int remove(final long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            final int v = values[i];
            if (v == MISSING) {
                return MISSING;
            }
            if (keys[i] == key) {
                shiftBack(i);
                size--;
                return v;
            }
        }
    }

    public void clear() {
        Arrays.fill(values, MISSING);
        size = 0;
    }

    /** The keys, in no particular order: a copy. */
    public long[] keys() {
        final long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != MISSING) {
                out[n++] = keys[i];
            }
        }
        return out;
    }

    /** Bytes held by the arrays, for the memory figures. */
    public long footprintBytes() {
        return 12L * keys.length;
    }

    /** Fills the hole at {@code hole} with later entries of its probe run, so that lookups never stop early. */
    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (values[i] == MISSING) {
                break;
            }
            final int home = slot(keys[i]);
            // Move the entry at i into the hole unless its home lies cyclically in (hole, i].
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        values[hole] = MISSING;
    }

    private int slot(final long key) {
        // Fibonacci hashing: sequential dispatch ids spread over the table; with runs, only the
        // run's number is spread and the key's place in its run kept.
        final int home = (int) (((key >>> runShift) * 0x9E3779B97F4A7C15L) >>> 32);
        return ((home << runShift) | (int) (key & ((1L << runShift) - 1))) & mask;
    }

    private void allocate(final int capacity) {
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, MISSING);
        mask = capacity - 1;
        resizeAt = (int) ((long) capacity * LOAD_NUM / LOAD_DEN);
    }

    private void rehash(final int capacity) {
        final long[] oldKeys = keys;
        final int[] oldValues = values;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != MISSING) {
                int j = slot(oldKeys[i]);
                while (values[j] != MISSING) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
    }

    private static int capacityFor(final int expected) {
        final long needed = Math.max(MIN_CAPACITY, (long) expected * LOAD_DEN / LOAD_NUM + 1);
        if (needed > 1 << 30) {
            throw new IllegalArgumentException("expected size : " + expected + " (expected: <= " + ((1 << 30) / 3 * 2)
                + ")");
        }
        return Integer.highestOneBit((int) needed - 1) << 1;
    }
}
