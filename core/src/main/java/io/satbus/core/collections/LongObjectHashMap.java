package io.satbus.core.collections;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Open-addressing map from {@code long} keys to non-null objects, with linear probing and
 * backward-shift deletion, as {@link LongIntHashMap}: no entry object and no boxed key per
 * mapping. Any long is a valid key; a slot is empty when its value is null. Iteration order is
 * the table's, not insertion's.
 *
 * <p>Owned by one thread. NOT thread safe.
 *
 * @param <V> the values
 */
public final class LongObjectHashMap<V> {
    private static final int MIN_CAPACITY = 16;
    private static final int LOAD_NUM = 2;
    private static final int LOAD_DEN = 3;

    private long[] keys;
    private Object[] values;
    private int mask;
    private int size;
    private int resizeAt;

    public LongObjectHashMap(final int expected) {
        if (expected < 0) {
            throw new IllegalArgumentException("expected size : " + expected + " (expected: >= 0)");
        }
        allocate(capacityFor(expected));
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The value of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(final long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            final Object v = values[i];
            if (v == null || keys[i] == key) {
                return (V) v;
            }
        }
    }

    /** Maps {@code key} to {@code value} (not null); returns the previous value or null. */
    @SuppressWarnings("unchecked")
    public V put(final long key, final V value) {
        Objects.requireNonNull(value, "value");
        for (int i = slot(key); ; i = (i + 1) & mask) {
            final Object v = values[i];
            if (v == null) {
                keys[i] = key;
                values[i] = value;
                if (++size > resizeAt) {
                    rehash(keys.length * 2);
                }
                return null;
            }
            if (keys[i] == key) {
                values[i] = value;
                return (V) v;
            }
        }
    }

    /** Removes {@code key}; returns its value or null. */
    @SuppressWarnings("unchecked")
    public V remove(final long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            final Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                shiftBack(i);
                size--;
                return (V) v;
            }
        }
    }

    /** The values, copied into a new list (so the map may change while the caller goes through them). */
    @SuppressWarnings("unchecked")
    public List<V> values() {
        final List<V> out = new ArrayList<>(size);
        for (Object v : values) {
            if (v != null) {
                out.add((V) v);
            }
        }
        return out;
    }

    public void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (values[i] == null) {
                break;
            }
            final int home = slot(keys[i]);
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        values[hole] = null;
    }

    private int slot(final long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    private void allocate(final int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        resizeAt = (int) ((long) capacity * LOAD_NUM / LOAD_DEN);
    }

    private void rehash(final int capacity) {
        final long[] oldKeys = keys;
        final Object[] oldValues = values;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                int j = slot(oldKeys[i]);
                while (values[j] != null) {
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
