package io.satbus.orchester;

import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.tracking.SatelliteFigures;
import io.satbus.core.tracking.TrackerDecisionCodec;
import io.satbus.core.tracking.TrackerDecisionHandler;
import io.satbus.core.tracking.TrackerEventCodec;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/**
 * The orchester's end of the tracker link (docs/protocol.md section 6): a DEALER connected to the
 * tracker's ROUTER, over {@code inproc://} in the same process or TCP. Events are collected during
 * a round of the loop and sent as one frame at its end ({@link #flush}); decisions are read and
 * applied to the {@link Dispatcher} ({@link #drainDecisions}); a status goes every
 * {@code statusIntervalMs} so the tracker can gauge queue depths.
 *
 * <p>Owns its socket; owned by the orchester thread. NOT thread safe.
 */
final class TrackerLinkClient implements Tracking, TrackerDecisionHandler {
    /** Frames of events that may wait for a slow or absent tracker before further ones are dropped. */
    static final int SEND_HWM = 100_000;
    /** Most decision frames applied in one round. */
    static final int BATCH = 256;
    /**
     * Longest the events of busy rounds wait for the next frame, in ms. Deadlines are seconds, so
     * a dispatch's deadline starting up to this late changes nothing; a frame per round instead
     * woke the tracker thousands of times a second under load, on the cores that route.
     */
    static final long FLUSH_INTERVAL_MS = 2;
    /** Events that go at once, however recent the last frame. */
    static final int FLUSH_EVENTS = 4096;

    private final ZMQ.Socket socket;
    private final String endpoint;
    private final long statusIntervalMs;
    private final WarnLimiter warn;
    private final TrackerEventCodec events = new TrackerEventCodec();
    private final String topology;
    private boolean resyncAsked;
    private Dispatcher dispatcher;
    private long nowMs;
    private long nextStatusMs = Long.MIN_VALUE;
    private long lastFlushMs = Long.MIN_VALUE / 2;
    private long droppedFrames;
    private long malformedFrames;

    TrackerLinkClient(final ZMQ.Socket socket, final String endpoint, final String topology,
                      final long statusIntervalMs, final WarnLimiter warn) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.statusIntervalMs = statusIntervalMs;
        this.warn = warn;
        this.topology = topology;
        events.hello(topology);
    }

    /** The dispatcher that decisions apply to; set once, before the first round. */
    void attach(final Dispatcher d) {
        this.dispatcher = d;
    }

    ZMQ.Socket socket() {
        return socket;
    }

    String endpoint() {
        return endpoint;
    }

    /** Applies the decisions waiting on the socket; returns how many frames were read. */
    int drainDecisions(final long nowMs) {
        this.nowMs = nowMs;
        int n = 0;
        for (; n < BATCH; n++) {
            final byte[] frame = socket.recv(ZMQ.DONTWAIT);
            if (frame == null) {
                break;
            }
            while (socket.hasReceiveMore()) {
                socket.recv(0);
            }
            try {
                TrackerDecisionCodec.decode(frame, this);
            } catch (MalformedFrameException ex) {
                malformedFrames++;
                dispatcher.countMalformed();
                warn.warn(nowMs, "tracker link {} : malformed decision frame dropped: {}", endpoint, ex.getMessage());
            }
        }
        return n;
    }

    /** True when a status is due; the caller then passes one to {@link #status}. */
    boolean statusDue(final long nowMs) {
        return nowMs >= nextStatusMs;
    }

    void status(final OrchesterStatus s) {
        nextStatusMs = s.atMs() + statusIntervalMs;
        final List<TrackerEventCodec.ServiceLine> lines = new ArrayList<>(s.services().size());
        for (final OrchesterStatus.ServiceStatus svc : s.services()) {
            lines.add(new TrackerEventCodec.ServiceLine(svc.name(), svc.queueDepth(), svc.workers().size(),
                svc.queuedBytes()));
        }
        events.status(s.atMs(), s.queued(), s.inFlight(), s.workers(), s.totals().malformed(), s.totals().refused(),
            s.queuedBytes(), lines);
        events.security(s.totals().forbidden(), s.totals().refusedKeys());
    }

    /**
     * The run's accounting from the supervisors, when any has reported, and each satellite's own
     * figures; sent with each status.
     */
    void run(final RunFigures figures) {
        if (!figures.isEmpty()) {
            final long[] f = figures.sum();
            events.run(f[0], f[1], f[2], f[3], f[4]);
        }
        for (SatelliteFigures s : figures.satellites()) {
            events.satellite(s);
        }
    }

    /**
     * Sends the events gathered so far as one frame when the last frame went at least
     * {@link #FLUSH_INTERVAL_MS} ago or {@link #FLUSH_EVENTS} are waiting; returns 1 if a frame
     * went, else 0. After a quiet spell the first events go at once.
     */
    int flush(final long nowMs) {
        final int pending = events.pending();
        if (pending == 0 || pending < FLUSH_EVENTS && nowMs - lastFlushMs < FLUSH_INTERVAL_MS) {
            return 0;
        }
        return flushNow(nowMs);
    }

    /** Milliseconds until gathered events are due to go ({@link Long#MAX_VALUE} when none wait), for the poll. */
    long msUntilFlush(final long nowMs) {
        return events.pending() == 0 ? Long.MAX_VALUE : Math.max(0, lastFlushMs + FLUSH_INTERVAL_MS - nowMs);
    }

    /** Sends whatever events are gathered, now; returns 1 if a frame went, else 0. */
    int flushNow(final long nowMs) {
        lastFlushMs = nowMs;
        final byte[] frame = events.drain();
        if (frame == null) {
            return 0;
        }
        if (!socket.send(frame, ZMQ.DONTWAIT)) {
            droppedFrames++;
            warn.warn(nowMs, "tracker link {} : {} frames of events dropped so far, the tracker is not keeping up or "
                + "not there (expected: a tracker reading {})", endpoint, droppedFrames, endpoint);
            return 0;
        }
        return 1;
    }

    /** True once after the tracker asked for a {@link #resync}: the loop then does it. */
    boolean takeResync() {
        final boolean asked = resyncAsked;
        resyncAsked = false;
        return asked;
    }

    /**
     * Greets a tracker that started after this orchester's HELLO (a {@code satbus tracker} that
     * restarted) with what it missed: HELLO, every worker, every attempt in flight, which starts
     * their deadlines afresh. The events gathered before it go first; the HELLO makes the tracker
     * forget them. Failed attempts waiting for a decision the earlier tracker took with it are the
     * caller's to decide.
     *
     * @return the attempts told
     */
    int resync(final Dispatcher d) {
        events.hello(topology);
        return d.retell(this);
    }

    long droppedFrames() {
        return droppedFrames;
    }

    long malformedFrames() {
        return malformedFrames;
    }

    @Override
    public void workerUp(final Worker w) {
        events.workerUp(w.key, w.hex, w.service, w.satellite(), w.instance());
    }

    @Override
    public void workerDown(final Worker w) {
        events.workerDown(w.key);
    }

    @Override
    public void dispatched(final Dispatch d, final Worker w) {
        events.dispatched(d.id, d.attempt, w.key);
    }

    @Override
    public void replied(final Dispatch d) {
        events.replied(d.id, d.attempt);
    }

    @Override
    public Verdict failed(final Dispatch d, final Dispatch.FailedAttempt f) {
        events.failed(d.id, d.attempt, f.atMs(), f.outcome());
        return Verdict.LATER;
    }

    @Override
    public void progress(final Dispatch d) {
        events.progress(d.id, d.attempt);
    }

    @Override
    public void suspect(final Dispatch d) {
        events.suspect(d.id, d.attempt);
    }

    @Override
    public void gaveUp(final Dispatch d, final int attempts, final long atMs, final String outcome) {
        events.gaveUp(d.id, attempts, atMs, outcome, d.service.name);
    }

    @Override
    public void lateReply(final Worker w, final long dispatchId, final int attempt) {
        events.lateReply(dispatchId, attempt, w.key);
    }

    @Override
    public void onTimeout(final long dispatchId, final int attempt) {
        dispatcher.timeout(dispatchId, attempt, nowMs);
    }

    @Override
    public void onRetry(final long dispatchId, final int attempt) {
        dispatcher.retry(dispatchId, attempt, nowMs);
    }

    @Override
    public void onDead(final long dispatchId, final int attempts) {
        dispatcher.dead(dispatchId, attempts, nowMs);
    }

    @Override
    public void onResync() {
        resyncAsked = true;
    }
}
