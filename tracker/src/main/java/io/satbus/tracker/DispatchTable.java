package io.satbus.tracker;

import io.satbus.core.collections.LongIntHashMap;
import java.util.Arrays;

/**
 * The state records of the messages in flight, as parallel primitive arrays indexed by a record
 * slot, plus an index from dispatch id to slot. No object per message: a record is a dispatch id,
 * a state, an attempt, a worker key, a service index and the time its attempt was sent. Freed
 * slots are reused (last freed, first reused); the arrays grow by doubling and never shrink.
 *
 * <p>Owned by the tracker thread. NOT thread safe.
 */
final class DispatchTable {
    /** Worker of a record whose current attempt is not on any worker (retry decided, not sent yet). */
    static final int NO_WORKER = -1;
    private static final int END_OF_FREE_LIST = -1;

    private final LongIntHashMap index;
    private long[] ids;
    private long[] sentAtNanos;
    /** Worker key; for a free slot, the next free slot (the free list is threaded through this array). */
    private int[] workers;
    private int[] services;
    private int[] attempts;
    private byte[] states;
    private int used;
    private int freeHead = END_OF_FREE_LIST;

    DispatchTable(final int initialCapacity) {
        final int capacity = Math.max(16, initialCapacity);
        index = LongIntHashMap.forRuns(capacity);
        ids = new long[capacity];
        sentAtNanos = new long[capacity];
        workers = new int[capacity];
        services = new int[capacity];
        attempts = new int[capacity];
        states = new byte[capacity];
    }

    /** Records in use. */
    int size() {
        return index.size();
    }

    /** Slots allocated; every slot is below it. */
    int capacity() {
        return ids.length;
    }

    /** The slot of {@code dispatchId}, or -1. */
    int find(final long dispatchId) {
        return index.get(dispatchId);
    }

    /** A new record for {@code dispatchId} (absent), DISPATCHED at attempt 1 on no worker. */
    int add(final long dispatchId, final int service) {
        int slot = freeHead;
        if (slot != END_OF_FREE_LIST) {
            freeHead = workers[slot];
        } else {
            if (used == ids.length) {
                grow(ids.length * 2);
            }
            slot = used++;
        }
        index.put(dispatchId, slot);
        ids[slot] = dispatchId;
        services[slot] = service;
        workers[slot] = NO_WORKER;
        attempts[slot] = 1;
        states[slot] = (byte) DispatchState.DISPATCHED.ordinal();
        sentAtNanos[slot] = 0;
        return slot;
    }

    void remove(final int slot) {
        index.remove(ids[slot]);
        workers[slot] = freeHead;
        freeHead = slot;
    }

    void clear() {
        index.clear();
        used = 0;
        freeHead = END_OF_FREE_LIST;
    }

    long id(final int slot) {
        return ids[slot];
    }

    DispatchState state(final int slot) {
        return DispatchState.of(states[slot]);
    }

    void state(final int slot, final DispatchState s) {
        states[slot] = (byte) s.ordinal();
    }

    int attempt(final int slot) {
        return attempts[slot];
    }

    void attempt(final int slot, final int attempt) {
        attempts[slot] = attempt;
    }

    int worker(final int slot) {
        return workers[slot];
    }

    void worker(final int slot, final int worker) {
        workers[slot] = worker;
    }

    int service(final int slot) {
        return services[slot];
    }

    long sentAtNanos(final int slot) {
        return sentAtNanos[slot];
    }

    void sentAtNanos(final int slot, final long nanos) {
        sentAtNanos[slot] = nanos;
    }

    /** Bytes held by the arrays, for the memory figures. */
    long footprintBytes() {
        return 29L * ids.length + index.footprintBytes();
    }

    private void grow(final int capacity) {
        ids = Arrays.copyOf(ids, capacity);
        sentAtNanos = Arrays.copyOf(sentAtNanos, capacity);
        workers = Arrays.copyOf(workers, capacity);
        services = Arrays.copyOf(services, capacity);
        attempts = Arrays.copyOf(attempts, capacity);
        states = Arrays.copyOf(states, capacity);
    }
}
