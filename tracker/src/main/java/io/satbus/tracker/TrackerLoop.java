package io.satbus.tracker;

import com.codahale.metrics.Clock;
import com.codahale.metrics.MetricRegistry;
import io.satbus.core.Agent;
import io.satbus.core.Endpoints;
import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.tracking.TrackerDecisionCodec;
import io.satbus.core.tracking.TrackerDecisionHandler;
import io.satbus.core.zmq.ReceiveBuffers;
import io.satbus.core.zmq.SocketPoller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The tracker's agent: owns the ROUTER of the tracker link, and per {@link #doWork(long)} reads up
 * to {@link #BATCH} event frames, applies them to the {@link TrackerEngine}, fires due deadlines,
 * and sends the round's decisions as one frame to the orchester: the peer that sent the last
 * event frame (one orchester per tracker; a new one says HELLO and the tracker starts afresh).
 *
 * <pre>
 * orchester DEALER -&gt; tracker ROUTER   [identity][event frame]
 * tracker ROUTER -&gt; orchester DEALER   [identity][decision frame]
 * </pre>
 * Every method must be called on the thread that created it (the tracker thread, or a test
 * driving it with its own clock). NOT thread safe.
 */
final class TrackerLoop implements AutoCloseable, Agent {
    /** Most event frames read in one round, so that deadlines are never starved. */
    static final int BATCH = 256;
    /** Least time between two RESYNC decisions to an orchester that has not said HELLO yet. */
    static final long RESYNC_INTERVAL_NANOS = 1_000_000_000L;
    /** Most bytes of receive buffers the link keeps for its next event frames. */
    static final long POOLED_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(TrackerLoop.class);

    private final ZContext context;
    private final ZMQ.Socket socket;
    /** Null unless the link is TCP with security on. */
    private final TrackerGate gate;
    /** What the link reads event frames into, given back once decoded; null with security on. */
    private final ReceiveBuffers buffers;
    private final SocketPoller poller;
    private final String endpoint;
    private final long pollTimeoutMs;
    private final TrackerEngine engine;
    private final TrackerDecisionCodec decisions = new TrackerDecisionCodec();
    private final String topology;
    private byte[] peer;
    private long malformedLogged;
    private boolean resyncAsked;
    private long nextResyncNanos;

    private TrackerLoop(final ZContext context, final ZMQ.Socket socket, final String endpoint,
                        final TrackerConfig config, final MetricRegistry registry, final Clock clock,
                        final long pollTimeoutMs, final TrackerGate gate, final ReceiveBuffers buffers) {
        this.context = context;
        this.socket = socket;
        this.gate = gate;
        this.buffers = buffers;
        this.endpoint = endpoint;
        this.pollTimeoutMs = pollTimeoutMs;
        this.topology = config.topologyName();
        this.engine = new TrackerEngine(config, registry, clock, new DecisionWriter(decisions),
            TrackerConfig.DEFAULT_INITIAL_CAPACITY);
        this.poller = new SocketPoller(2);
        poller.register(socket);
        if (gate != null) {
            poller.register(gate.socket());
        }
    }

    /**
     * Binds a ROUTER at {@code endpoint} in {@code context}; throws {@link TrackerBindException}
     * naming the endpoint when it cannot be bound.
     */
    static TrackerLoop bind(final ZContext context, final TrackerConfig config, final String endpoint,
                            final MetricRegistry registry, final Clock clock, final long pollTimeoutMs) {
        final ZMQ.Socket s = context.createSocket(SocketType.ROUTER);
        TrackerGate gate = null;
        ReceiveBuffers buffers = null;
        try {
            s.setLinger(0);
            s.setRcvHWM(0);
            s.setSndHWM(0);
            s.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS);
            if (config.security() != null && endpoint.startsWith("tcp://")) {
                gate = TrackerGate.secure(context, s, config.security().orchesterKey());
            } else {
                // CURVE decrypts each frame into a new one: buffers only pay off on a plain link.
                buffers = new ReceiveBuffers(Batch.DEFAULT_LIMIT_BYTES, POOLED_BYTES);
                s.setMsgAllocator(buffers);
            }
            if (!s.bind(endpoint)) {
                throw new TrackerBindException("tracker endpoint : " + endpoint + " could not be bound (expected: a "
                    + "free tcp://HOST:PORT or an unused inproc://NAME)", null);
            }
            return new TrackerLoop(context, s, s.getLastEndpoint(), config, registry, clock, pollTimeoutMs, gate,
                buffers);
        } catch (ZMQException | IllegalArgumentException ex) {
            context.destroySocket(s);
            if (gate != null) {
                gate.close(context);
            }
            throw new TrackerBindException("tracker endpoint : " + endpoint + " could not be bound: " + ex.getMessage()
                + " (expected: a free tcp://HOST:PORT or an unused inproc://NAME)", ex);
        } catch (RuntimeException ex) {
            context.destroySocket(s);
            if (gate != null) {
                gate.close(context);
            }
            throw ex;
        }
    }

    @Override
    public String roleName() {
        return "tracker";
    }

    /** The endpoint bound, with the port resolved when a wildcard was asked for. */
    String endpoint() {
        return endpoint;
    }

    TrackerEngine engine() {
        return engine;
    }

    /** One round of work at {@code nowNanos}; returns the number of things done, 0 when idle. */
    @Override
    public int doWork(final long nowNanos) {
        int work = 0;
        final int ready = poller.poll(pollTimeoutMs);
        if (ready != 0) {
            work += drain(nowNanos);
            if (gate != null && SocketPoller.isReadable(ready, 1)) {
                work += gate.drain();
            }
        }
        work += engine.poll(nowNanos);
        work += flush();
        return work;
    }

    private int drain(final long nowNanos) {
        int n = 0;
        for (; n < BATCH; n++) {
            final byte[] identity = socket.recv(ZMQ.DONTWAIT);
            if (identity == null) {
                break;
            }
            final zmq.Msg frame = socket.hasReceiveMore() ? socket.recvMsg(0) : null;
            while (socket.hasReceiveMore()) {
                socket.recv(0);
            }
            peer = identity;
            try {
                if (frame == null) {
                    engine.apply(null, nowNanos);
                } else if (buffers != null && ReceiveBuffers.pooled(frame)) {
                    try {
                        engine.apply(frame.buf().array(), frame.size(), nowNanos);
                    } finally {
                        // Decoding copies what it keeps: the buffer is free for the next frame.
                        buffers.release(frame);
                    }
                } else {
                    engine.apply(frame.data(), nowNanos);
                }
            } catch (MalformedFrameException ex) {
                if (malformedLogged++ < 10) {
                    LOG.warn("tracker {} : malformed event frame on {} dropped from its bad event on: {}", topology,
                        endpoint, ex.getMessage());
                }
            }
            if (!engine.greeted() && (!resyncAsked || nowNanos - nextResyncNanos >= 0)) {
                resyncAsked = true;
                nextResyncNanos = nowNanos + RESYNC_INTERVAL_NANOS;
                decisions.resync();
                LOG.info("tracker {} : events on {} from an orchester that said HELLO to an earlier tracker; asking it "
                    + "for its workers and dispatches", topology, endpoint);
            }
        }
        return n;
    }

    private int flush() {
        final byte[] frame = decisions.drain();
        if (frame == null || peer == null) {
            return 0;
        }
        socket.send(peer, ZMQ.SNDMORE | ZMQ.DONTWAIT);
        socket.send(frame, ZMQ.DONTWAIT);
        return 1;
    }

    /** Closes the socket (not the context). */
    @Override
    public void close() {
        poller.close();
        context.destroySocket(socket);
        if (gate != null) {
            gate.close(context);
        }
    }

    /** Link connections refused for a key that is not the orchester's; 0 without security. */
    long refusedKeys() {
        return gate == null ? 0 : gate.refused();
    }

    /** Writes the FSM's decisions into the frame of the round. */
    private static final class DecisionWriter implements TrackerDecisionHandler {
        private final TrackerDecisionCodec codec;

        DecisionWriter(final TrackerDecisionCodec codec) {
            this.codec = codec;
        }

        @Override
        public void onTimeout(final long dispatchId, final int attempt) {
            codec.timeout(dispatchId, attempt);
        }

        @Override
        public void onRetry(final long dispatchId, final int attempt) {
            codec.retry(dispatchId, attempt);
        }

        @Override
        public void onDead(final long dispatchId, final int attempts) {
            codec.dead(dispatchId, attempts);
        }
    }
}
