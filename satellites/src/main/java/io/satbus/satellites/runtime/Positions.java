package io.satbus.satellites.runtime;

import io.satbus.core.collections.LongIntHashMap;
import java.util.Arrays;

/**
 * The messages one instance slot created, by position: the k-th message it ever created has
 * position k and id {@code idBase + k}, so that a restarted source producing from a position
 * gives each message the id it had (receivers then recognise repeats). A message's custody
 * has <em>passed</em> when it was acknowledged or released as dead; the prefix is the first
 * position whose custody has not passed (everything before it has).
 *
 * <p>NOT thread-safe: owned by the runtime thread.
 */
final class Positions {
    private final long idBase;
    /** Where the earlier processes' sends ended: positions below it may have been sent before. */
    private final long restartNext;
    private long next;
    /** One past the last position sent (kept): positions created and never sent are nobody's loss. */
    private long keptNext;
    private long prefix;
    /** Positions beyond the prefix whose custody has passed (a set: the values are unused). */
    private final LongIntHashMap passedBeyondPrefix = new LongIntHashMap(16);

    Positions(final long idBase, final long next, final long keptNext, final long prefix,
              final long[] passedBeyondPrefix) {
        if (keptNext < 0 || keptNext > next) {
            throw new IllegalArgumentException("kept next : " + keptNext + " (expected: 0.." + next + ")");
        }
        if (prefix < 0 || prefix > keptNext) {
            throw new IllegalArgumentException("prefix : " + prefix + " (expected: 0.." + keptNext + ")");
        }
        this.idBase = idBase;
        this.next = next;
        this.keptNext = keptNext;
        this.restartNext = keptNext;
        this.prefix = prefix;
        for (long p : passedBeyondPrefix) {
            this.passedBeyondPrefix.put(p, 0);
        }
    }

    long idBase() {
        return idBase;
    }

    long next() {
        return next;
    }

    long prefix() {
        return prefix;
    }

    long keptNext() {
        return keptNext;
    }

    /** The message at {@code position} was sent: it is in custody now. */
    void kept(final long position) {
        keptNext = Math.max(keptNext, position + 1);
    }

    /** Where the earlier processes had got to. */
    long restartNext() {
        return restartNext;
    }

    /** The id of a new message; its position is the next one. */
    long nextId() {
        return idBase + next++;
    }

    /** The position of {@code id} when this slot created it, else -1. */
    long positionOf(final long id) {
        final long p = id - idBase;
        return Long.compareUnsigned(p, Math.max(next, restartNext)) < 0 ? p : -1;
    }

    /** True when the custody of the message at {@code position} has passed. */
    boolean passed(final long position) {
        return position < prefix || passedBeyondPrefix.get(position) != LongIntHashMap.MISSING;
    }

    /** Records that the custody of the message at {@code position} has passed. */
    void pass(final long position) {
        if (position < prefix) {
            return;
        }
        if (position != prefix) {
            passedBeyondPrefix.put(position, 0);
            return;
        }
        prefix++;
        while (passedBeyondPrefix.size() > 0 && passedBeyondPrefix.remove(prefix) != LongIntHashMap.MISSING) {
            prefix++;
        }
    }

    /** A source produces again from {@code position} (at most where the earlier processes' sends got to). */
    void resumeAt(final long position) {
        if (position < 0 || position > restartNext) {
            throw new IllegalArgumentException("resume position : " + position + " (expected: 0.." + restartNext + ")");
        }
        next = position;
    }

    /**
     * Gives up the positions below the restart point whose custody has not passed (nobody will
     * produce them again); returns how many.
     */
    long writeOffUnpassed() {
        final long[] beyond = passedBeyondPrefix.keys();
        long unpassed = restartNext - prefix;
        for (final long p : beyond) {
            if (p < restartNext) {
                unpassed--;
            }
        }
        prefix = Math.max(prefix, restartNext);
        for (final long p : beyond) {
            if (p < prefix) {
                passedBeyondPrefix.remove(p);
            }
        }
        return Math.max(0, unpassed);
    }

    long[] passedBeyondPrefix() {
        final long[] a = passedBeyondPrefix.keys();
        Arrays.sort(a);
        return a;
    }
}
