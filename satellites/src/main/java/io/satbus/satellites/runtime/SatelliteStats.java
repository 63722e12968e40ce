package io.satbus.satellites.runtime;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and gauges of one runtime instance. The runtime thread writes them; any thread may
 * read them at any time (each value is current on its own, the set is not a snapshot).
 */
public final class SatelliteStats {
    /** How many values {@link #snapshot} holds. */
    static final int SNAPSHOT_SIZE = 13;
    private final LongAdder received = new LongAdder();
    private final LongAdder handled = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder resent = new LongAdder();
    private final LongAdder dead = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private volatile int outstanding;
    private volatile int inProgress;
    private volatile int queued;
    private volatile boolean done;
    private volatile boolean cumulative;

    /** Service requests and topic messages received (well-formed ones). */
    public long received() {
        return received.sum();
    }

    /** Distinct messages whose {@code onMessage} returned normally (repeats are {@link #duplicates}). */
    public long handled() {
        return handled.sum();
    }

    /** Exceptions thrown by the satellite ({@code onMessage} or {@code produce}). */
    public long errors() {
        return errors.sum();
    }

    /** Messages from the network that did not have the expected shape; dropped. */
    public long malformed() {
        return malformed.sum();
    }

    /** Distinct messages sent to services (a resend of one is {@link #resent}). */
    public long sent() {
        return sent.sum();
    }

    /** Acknowledgements of sends received. */
    public long acked() {
        return acked.sum();
    }

    /** Sends made again under the same id: after a reconnect, or by a restarted source producing again. */
    public long resent() {
        return resent.sum();
    }

    /** Sends released by a dead notice: they went dead (dead-lettered with their history). */
    public long dead() {
        return dead.sum();
    }

    /** Sends given up without an acknowledgement or a dead notice (only a forced stop does that). */
    public long lost() {
        return lost.sum();
    }

    /** Requests whose id this instance had completed, answered without calling the handler. */
    public long duplicates() {
        return duplicates.sum();
    }

    /** Sends the orchester refused for now (a bound of its memory), kept and sent again after a wait. */
    public long refused() {
        return refused.sum();
    }

    /**
     * True when the counters include the earlier processes of the same instance slot (the
     * runtime has a state directory and restored them at start): a report of them replaces,
     * not adds to, what earlier processes of the slot reported.
     */
    public boolean cumulative() {
        return cumulative;
    }

    /** Topic messages published. */
    public long published() {
        return published.sum();
    }

    /** Times the service connection was replaced (orchester silent, or it sent DISCONNECT). */
    public long reconnects() {
        return reconnects.sum();
    }

    /** Sends waiting for their acknowledgement now. */
    public int outstanding() {
        return outstanding;
    }

    /** Messages being handled now (0 or 1: one thread handles them in turn). */
    public int inProgress() {
        return inProgress;
    }

    /** Service requests received and not yet handled. */
    public int queued() {
        return queued;
    }

    /** True once a source has returned DONE. */
    public boolean done() {
        return done;
    }

    /** The counters, in a fixed order, to keep them across processes ({@link SlotStore}). */
    long[] snapshot() {
        return new long[] {received(), handled(), errors(), malformed(), sent(), resent(), acked(), dead(), lost(),
            duplicates(), published(), reconnects(), refused()};
    }

    /** Adds an earlier process's {@link #snapshot} (shorter ones, of older files, up to their length). */
    void restore(final long[] values) {
        final LongAdder[] all = {received, handled, errors, malformed, sent, resent, acked, dead, lost, duplicates,
            published, reconnects, refused};
        for (int i = 0; i < Math.min(values.length, all.length); i++) {
            all[i].add(values[i]);
        }
    }

    void countReceived() {
        received.increment();
    }

    void countHandled() {
        handled.increment();
    }

    void countError() {
        errors.increment();
    }

    void countMalformed() {
        malformed.increment();
    }

    void countSent() {
        sent.increment();
    }

    void countAcked() {
        acked.increment();
    }

    void countResent(final int n) {
        resent.add(n);
    }

    void countDead() {
        dead.increment();
    }

    void countLost(final int n) {
        lost.add(n);
    }

    void countRefused() {
        refused.increment();
    }

    void countDuplicate() {
        duplicates.increment();
    }

    void cumulative(final boolean c) {
        cumulative = c;
    }

    void countPublished() {
        published.increment();
    }

    void countReconnect() {
        reconnects.increment();
    }

    void outstanding(final int n) {
        outstanding = n;
    }

    void inProgress(final int n) {
        inProgress = n;
    }

    void queued(final int n) {
        queued = n;
    }

    void done(final boolean d) {
        done = d;
    }

    @Override
    public String toString() {
        return "received=" + received() + " handled=" + handled() + " errors=" + errors() + " malformed=" + malformed()
            + " sent=" + sent() + " acked=" + acked() + " resent=" + resent() + " dead=" + dead() + " lost=" + lost()
            + " duplicates=" + duplicates() + " refused=" + refused() + " published=" + published()
            + " outstanding=" + outstanding + " queued=" + queued + " reconnects=" + reconnects() + " done=" + done;
    }
}
