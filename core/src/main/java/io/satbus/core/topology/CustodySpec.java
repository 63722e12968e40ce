package io.satbus.core.topology;

/**
 * What one satellite keeps so that no message is lost with its process (docs/protocol.md,
 * "Custody"): how many completed ids it remembers to answer repeats, and whether it keeps an
 * outbox of what it sent on disk until custody passed on. Immutable.
 *
 * @param dedupWindow completed message ids remembered per instance; a request with one of them
 *                    is answered without calling the handler ({@code dedup_window})
 * @param outbox      every message sent is written to the instance's outbox before it leaves the
 *                    process, and sent again by a restarted instance until acknowledged ({@code outbox})
 * @param outboxFsync the outbox is also fsync'd before anything leaves: it survives a machine
 *                    crash, not only a killed process ({@code outbox_fsync})
 */
public record CustodySpec(int dedupWindow, boolean outbox, boolean outboxFsync) {
    public static final int DEFAULT_DEDUP_WINDOW = 100_000;
    /** Most ids one instance may remember: 8 bytes each in memory, twice that on disk at most. */
    public static final int MAX_DEDUP_WINDOW = 10_000_000;
    private static final CustodySpec DEFAULTS = new CustodySpec(DEFAULT_DEDUP_WINDOW, false, false);

    public CustodySpec {
        if (dedupWindow < 1 || dedupWindow > MAX_DEDUP_WINDOW) {
            throw new IllegalArgumentException("dedup_window : " + dedupWindow + " (expected: 1.." + MAX_DEDUP_WINDOW + ")");
        }
        if (outboxFsync && !outbox) {
            throw new IllegalArgumentException("outbox_fsync : true without outbox (expected: outbox: true)");
        }
    }

    /** A window of 100,000 ids, no outbox. */
    public static CustodySpec defaults() {
        return DEFAULTS;
    }
}
