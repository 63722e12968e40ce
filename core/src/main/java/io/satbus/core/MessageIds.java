package io.satbus.core;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message ids: 64-bit, unique across the processes of a run with overwhelming probability.
 *
 * <p>Each generator starts at a random 64-bit value and counts up, so two generators collide
 * only if their ranges overlap: with 2^64 values and runs of at most a few billion messages,
 * the chance is negligible. Ids are opaque to the orchester; sinks use them to spot repeats.
 *
 * <p>Thread-safe.
 */
public final class MessageIds {
    private static final SecureRandom SEEDS = new SecureRandom();

    private final AtomicLong next;

    /** A generator seeded at random. */
    public MessageIds() {
        this(SEEDS.nextLong());
    }

    /** A generator whose first id is {@code first}; for tests that need predictable ids. */
    public MessageIds(final long first) {
        this.next = new AtomicLong(first);
    }

    /** The next id. */
    public long next() {
        return next.getAndIncrement();
    }
}
