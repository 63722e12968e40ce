package io.satbus.satellites.runtime;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and gauges of one runtime instance. The runtime thread writes them; any thread may
 * read them at any time (each value is current on its own, the set is not a snapshot).
 */
public final class SatelliteStats {
    private final LongAdder received = new LongAdder();
    private final LongAdder handled = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder unacked = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private volatile int outstanding;
    private volatile int inProgress;
    private volatile int queued;
    private volatile boolean done;

    /** Service requests and topic messages received (well-formed ones). */
    public long received() {
        return received.sum();
    }

    /** Messages whose {@code onMessage} returned normally. */
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

    /** Service sends (requests) made. */
    public long sent() {
        return sent.sum();
    }

    /** Acknowledgements of sends received. */
    public long acked() {
        return acked.sum();
    }

    /** Sends given up without acknowledgement (ack timeout, or the connection was replaced). */
    public long unacked() {
        return unacked.sum();
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

    void countUnacked(final int n) {
        unacked.add(n);
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
            + " sent=" + sent() + " acked=" + acked() + " unacked=" + unacked() + " published=" + published()
            + " outstanding=" + outstanding + " queued=" + queued + " reconnects=" + reconnects() + " done=" + done;
    }
}
