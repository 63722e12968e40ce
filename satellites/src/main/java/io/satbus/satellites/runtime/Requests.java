package io.satbus.satellites.runtime;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.envelope.Reply;
import io.satbus.core.protocol.DispatchToken;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.satellites.api.Satellite;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of one instance: the service requests it received, queued until handled,
 * then answered (docs/protocol.md 2.3 and 2.7): at once, or once the messages sent while
 * handling them passed on ({@link HeldReply}); a repeat of a completed id without the handler;
 * PROGRESS for what it holds.
 *
 * <pre>
 * REQUEST [""]["MDPW01"][0x02][reply-to][""][envelope header][payload]   a satbus message
 * REQUEST [""]["MDPW01"][0x02][reply-to][""][body...]                    a plain MDP request
 * </pre>
 *
 * <p>NOT thread-safe: owned by the runtime thread.
 */
final class Requests {
    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);
    /** Longest a round spends in handlers before it sees to its socket and timers again. */
    static final long MAX_HANDLING_MS = 50;
    private static final int MAX_ERROR_TEXT = 1000;
    private static final byte[] OK = Reply.OK.encode();
    private static final byte[] EMPTY = new byte[0];

    private final RuntimeContext context;
    private final Satellite satellite;
    private final RuntimeOutput output;
    private final SatelliteStats stats;
    private final ServiceLink link;
    private final Custody custody;
    private final LongSupplier clockMs;
    private final LongSupplier epochMicros;
    private final BiConsumer<String, Exception> errors;
    private final int limit;
    private final ArrayDeque<InboundRequest> queue = new ArrayDeque<>();
    /** The reply of the request being handled, while its handler runs; null outside. */
    private HeldReply handling;
    /** When a handler's {@code progress()} last sent PROGRESS, on {@link #clockMs}. */
    private long lastHandlerProgressMs = Long.MIN_VALUE / 2;

    /**
     * @param errors told of every exception a handler throws (where, what)
     * @param limit  most requests handled in one {@link #handleQueued} call
     */
    Requests(final RuntimeContext context, final Satellite satellite, final RuntimeOutput output,
             final SatelliteStats stats, final ServiceLink link, final Custody custody, final LongSupplier clockMs,
             final LongSupplier epochMicros, final BiConsumer<String, Exception> errors, final int limit) {
        this.context = context;
        this.satellite = satellite;
        this.output = output;
        this.stats = stats;
        this.link = link;
        this.custody = custody;
        this.clockMs = clockMs;
        this.epochMicros = epochMicros;
        this.errors = errors;
        this.limit = limit;
    }

    /** The reply of the request whose handler runs now, or null: what the messages it sends wait on. */
    HeldReply handling() {
        return handling;
    }

    int queued() {
        return queue.size();
    }

    /** Forgets the queued requests (a replaced connection, or stopping): the orchester re-dispatches them. */
    int clear() {
        final int n = queue.size();
        queue.clear();
        stats.queued(0);
        return n;
    }

    /** Checks and queues a REQUEST {@code f}. */
    void onRequest(final List<byte[]> f) throws MalformedFrameException {
        if (!link.isWorker()) {
            throw new MalformedFrameException("REQUEST : to a satellite that works for no service (expected: none)");
        }
        if (f.size() < 6) {
            throw new MalformedFrameException("REQUEST : " + f.size()
                + " frames (expected: [\"\"][MDPW01][0x02][reply-to][\"\"][body...], at least 6)");
        }
        final byte[] token = f.get(3);
        DispatchToken.check(token);
        if (f.get(4).length != 0) {
            throw new MalformedFrameException("REQUEST frame 5 : " + f.get(4).length + " bytes (expected: empty delimiter)");
        }
        Envelope message = null;
        if (f.size() == 7) {
            try {
                message = ServiceFrames.envelope(f, 5, f.get(6));
            } catch (MalformedFrameException notAnEnvelope) {
                message = null;
            }
        }
        final boolean plain = message == null;
        if (plain) {
            message = new Envelope(DispatchToken.dispatchId(token), context.topology(), "mdp", 0,
                DispatchToken.attempt(token), epochMicros.getAsLong(), Envelope.DEFAULT_CONTENT_TYPE, Map.of(),
                join(f, 5));
        }
        queue.add(new InboundRequest(token, message, plain, link.generation()));
        stats.countReceived();
        stats.queued(queue.size());
    }

    /**
     * Handles queued requests, one by one, for at most {@link #MAX_HANDLING_MS} (at least one):
     * the round then goes on to its timers and flush, so heartbeats, PROGRESS and replies keep
     * flowing however slow the handler is, and the next round reads the socket again.
     */
    int handleQueued(final long maxBatchHoldMs) {
        final long startMs = clockMs.getAsLong();
        int n = 0;
        InboundRequest r;
        while (n < limit && (r = queue.poll()) != null) {
            stats.queued(queue.size());
            handle(r);
            n++;
            final long nowMs = clockMs.getAsLong();
            link.flushIfHeld(nowMs, maxBatchHoldMs);
            if (nowMs - startMs >= MAX_HANDLING_MS) {
                break;
            }
        }
        return n;
    }

    private void handle(final InboundRequest r) {
        final Envelope m = r.message();
        if (!r.plain() && answeredAsRepeat(m.id(), r.token(), r.generation())) {
            return;
        }
        Exception failure = null;
        final HeldReply held = new HeldReply(m.id(), !r.plain(), r.token(), r.generation());
        stats.inProgress(1);
        output.beginRequest();
        handling = held;
        try {
            satellite.onMessage(m, output);
            stats.countHandled();
        } catch (Exception e) {
            failure = e;
            errors.accept("onMessage", e);
        } finally {
            handling = null;
            output.endRequest();
            stats.inProgress(0);
        }
        if (failure != null) {
            held.cancel();
            if (current(r.generation())) {
                link.sendReply(r.token(), Reply.error(describe(failure)).encode(), null, null, clockMs.getAsLong());
            }
            return;
        }
        if (r.plain()) {
            held.reply(null, output.replyPayload());
        } else if (!output.replied()) {
            // An acknowledgement: its sender reads the id alone (docs/protocol.md 2.3).
            held.acknowledge();
        } else {
            final Envelope reply = new Envelope(m.id(), context.topology(), context.name(), context.instance(),
                m.attempt(), epochMicros.getAsLong(), output.replyContentType(), Map.of(), output.replyPayload());
            held.reply(EnvelopeCodec.encodeHeader(reply), reply.payload());
        }
        if (held.ready()) {
            reply(held, clockMs.getAsLong());
        } else {
            custody.hold(held);
        }
    }

    /**
     * A request whose id this instance completed is answered ok at once (empty reply); one whose
     * reply is held is answered with it. Either way the handler is not called again.
     */
    private boolean answeredAsRepeat(final long id, final byte[] token, final int generation) {
        if (custody.completed(id)) {
            stats.countDuplicate();
            if (current(generation)) {
                link.sendAck(token, OK, id, clockMs.getAsLong());
            }
            return true;
        }
        final HeldReply held = custody.heldFor(id);
        if (held != null) {
            stats.countDuplicate();
            held.ask(token, generation);
            return true;
        }
        return false;
    }

    /** Sends a finished request's reply to every asker whose connection is the current one. */
    void reply(final HeldReply h, final long nowMs) {
        for (int i = 0, n = h.askers(); i < n; i++) {
            if (current(h.generation(i)) && h.acknowledgement()) {
                link.sendAck(h.token(i), OK, h.messageId(), nowMs);
            } else if (current(h.generation(i)) && h.replyHeader() == null) {
                link.sendReply(h.token(i), OK, h.replyPayload(), null, nowMs);
            } else if (current(h.generation(i))) {
                link.sendReply(h.token(i), OK, h.replyHeader(), h.replyPayload(), nowMs);
            } else {
                LOG.debug("{} no reply to {}: its connection was replaced", context.label(),
                    Long.toUnsignedString(h.messageId()));
            }
        }
        custody.replied(h);
    }

    /** True when a request came by the connection still in use, so its token means something to the orchester. */
    private boolean current(final int generation) {
        return generation == link.generation() && !link.disconnected();
    }

    /**
     * "Still working on these": PROGRESS for every request this worker holds (queued, or
     * waiting for the sends made for it), so that work that is slow but alive is not timed out
     * and tried elsewhere (docs/protocol.md 2.4). Returns how many went.
     */
    int progress(final long nowMs) {
        if (!link.isWorker() || !link.up() || link.disconnected()) {
            return 0;
        }
        int n = 0;
        for (InboundRequest r : queue) {
            if (r.generation() == link.generation()) {
                link.sendProgress(r.token(), nowMs);
                n++;
            }
        }
        for (HeldReply h : custody.held()) {
            n += progress(h, nowMs);
        }
        return n;
    }

    /**
     * {@link io.satbus.satellites.api.Output#progress()} from inside a handler: PROGRESS for the
     * request being handled and for everything else held ({@link #progress(long)}), sent at once,
     * since the loop that would flush it is the handler's own thread; at most one batch per
     * {@link io.satbus.satellites.api.Output#MIN_PROGRESS_GAP_MS}.
     */
    void progressFromHandler() {
        final long nowMs = clockMs.getAsLong();
        if (handling == null || nowMs - lastHandlerProgressMs < io.satbus.satellites.api.Output.MIN_PROGRESS_GAP_MS
            || !link.isWorker() || !link.up() || link.disconnected()) {
            return;
        }
        lastHandlerProgressMs = nowMs;
        progress(handling, nowMs);
        progress(nowMs);
        link.flushIfHeld(nowMs, 0);
    }

    /** PROGRESS to every asker of {@code h} on the current connection; returns how many went. */
    private int progress(final HeldReply h, final long nowMs) {
        int n = 0;
        for (int i = 0, askers = h.askers(); i < askers; i++) {
            if (current(h.generation(i))) {
                link.sendProgress(h.token(i), nowMs);
                n++;
            }
        }
        return n;
    }

    private static String describe(final Exception e) {
        final String text = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT);
    }

    private static byte[] join(final List<byte[]> frames, final int from) {
        if (frames.size() == from + 1) {
            return frames.get(from);
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < frames.size(); i++) {
            out.writeBytes(frames.get(i));
        }
        return out.toByteArray();
    }
}
