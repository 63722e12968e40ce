package io.satbus.tracker;

import java.util.Arrays;

/**
 * A hashed timer wheel over integer slots, in the manner of Agrona's {@code DeadlineTimerWheel}:
 * time is the caller's ({@code now} in nanoseconds, from the tracker's injected clock), deadlines
 * live in a {@code long[]}, and {@link #poll} fires what is due on the caller's thread. Unlike
 * Agrona's, each tick's timers form an intrusive doubly-linked list through {@code int[]} arrays
 * indexed by the caller's slot (the dispatch record), so schedule, cancel and reschedule are O(1)
 * with no search, and a burst of a million deadlines in one tick costs no reallocation of the
 * whole wheel.
 *
 * <p>A tick's timers are examined once its tick has fully elapsed, so a deadline fires at most
 * one tick late; a deadline more than one revolution away stays in its bucket and is passed over
 * once per revolution.
 *
 * <p>Owned by the tracker thread. NOT thread safe.
 */
final class DeadlineWheel {
    /** The deadline of a slot that is not scheduled. */
    static final long NONE = Long.MIN_VALUE;
    private static final int NIL = -1;

    /** Receives a slot whose deadline is due; it may schedule or cancel that slot, not others. */
    @FunctionalInterface
    interface Handler {
        void onDeadline(int slot, long nowNanos);
    }

    private final int tickShift;
    private final int mask;
    private final int[] heads;
    private long[] deadlines;
    private int[] next;
    /** Previous slot in the bucket, or for a bucket's first slot {@code -2 - bucket}. */
    private int[] prev;
    private long currentTick;
    private int scheduled;

    /**
     * @param startNanos    the clock now; ticks count from here
     * @param tickNanos     resolution, a power of 2 (2^20 ns is about 1 ms)
     * @param ticksPerWheel buckets, a power of 2
     * @param capacity      initial number of slots
     */
    DeadlineWheel(final long startNanos, final long tickNanos, final int ticksPerWheel, final int capacity) {
        if (tickNanos < 1 || Long.bitCount(tickNanos) != 1) {
            throw new IllegalArgumentException("tick : " + tickNanos + " ns (expected: a power of 2)");
        }
        if (ticksPerWheel < 1 || Integer.bitCount(ticksPerWheel) != 1) {
            throw new IllegalArgumentException("ticks per wheel : " + ticksPerWheel + " (expected: a power of 2)");
        }
        this.tickShift = Long.numberOfTrailingZeros(tickNanos);
        this.mask = ticksPerWheel - 1;
        this.heads = new int[ticksPerWheel];
        Arrays.fill(heads, NIL);
        this.deadlines = new long[0];
        this.next = new int[0];
        this.prev = new int[0];
        this.currentTick = startNanos >> tickShift;
        ensureCapacity(capacity);
    }

    /** Makes room for slots 0 .. capacity-1. */
    void ensureCapacity(final int capacity) {
        if (capacity <= deadlines.length) {
            return;
        }
        final int old = deadlines.length;
        deadlines = Arrays.copyOf(deadlines, capacity);
        next = Arrays.copyOf(next, capacity);
        prev = Arrays.copyOf(prev, capacity);
        Arrays.fill(deadlines, old, capacity, NONE);
    }

    /** Sets (or moves) the deadline of {@code slot}. */
    void schedule(final int slot, final long deadlineNanos) {
        if (deadlineNanos == NONE) {
            throw new IllegalArgumentException("deadline : " + deadlineNanos + " (expected: not NONE)");
        }
        if (deadlines[slot] != NONE) {
            unlink(slot);
        } else {
            scheduled++;
        }
        final int bucket = (int) (Math.max(deadlineNanos >> tickShift, currentTick) & mask);
        deadlines[slot] = deadlineNanos;
        final int head = heads[bucket];
        next[slot] = head;
        prev[slot] = -2 - bucket;
        if (head != NIL) {
            prev[head] = slot;
        }
        heads[bucket] = slot;
    }

    /** Removes the deadline of {@code slot}, if any; returns true if there was one. */
    boolean cancel(final int slot) {
        if (deadlines[slot] == NONE) {
            return false;
        }
        unlink(slot);
        deadlines[slot] = NONE;
        scheduled--;
        return true;
    }

    long deadline(final int slot) {
        return deadlines[slot];
    }

    /** Slots with a deadline. */
    int scheduled() {
        return scheduled;
    }

    /**
     * Fires up to {@code limit} due deadlines, oldest tick first; the rest wait for the next poll.
     * A fired slot is unscheduled before {@code handler} sees it.
     *
     * @return how many fired
     */
    int poll(final long nowNanos, final Handler handler, final int limit) {
        final long nowTick = nowNanos >> tickShift;
        int fired = 0;
        while (currentTick < nowTick) {
            final long tickEndNanos = (currentTick + 1) << tickShift;
            int slot = heads[(int) (currentTick & mask)];
            while (slot != NIL) {
                final int following = next[slot];
                if (deadlines[slot] < tickEndNanos) {
                    if (fired == limit) {
                        return fired;
                    }
                    cancel(slot);
                    handler.onDeadline(slot, nowNanos);
                    fired++;
                }
                slot = following;
            }
            currentTick++;
        }
        return fired;
    }

    /** Bytes held by the per-slot arrays, for the memory figures. */
    long footprintBytes() {
        return 16L * deadlines.length + 4L * heads.length;
    }

    private void unlink(final int slot) {
        final int p = prev[slot];
        final int n = next[slot];
        if (p >= 0) {
            next[p] = n;
        } else {
            heads[-2 - p] = n;
        }
        if (n != NIL) {
            prev[n] = p;
        }
    }
}
