package io.satbus.orchester;

import io.satbus.core.Endpoints;
import io.satbus.core.FileDescriptors;
import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.protocol.WorkerInfo;
import io.satbus.core.security.Rights;
import io.satbus.core.zmq.ReceiveBuffers;
import io.satbus.core.zmq.SendBuffers;
import io.satbus.core.zmq.SocketPoller;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The orchester's agent: owns the ROUTER (service_port), the XSUB (pub_port), the XPUB
 * (sub_port) and, when a tracker is attached, the DEALER of the tracker link; does one round of
 * work per {@link #doWork(long)}: poll the sockets for at most the poll timeout, handle up to
 * {@link #BATCH} messages from each, apply the tracker's decisions, heartbeat and expire workers,
 * answer status requests, and send the round's events to the tracker.
 *
 * <p>Every method except {@link #requestStatus()} must be called on the one thread that created
 * it (the orchester thread, or a test thread driving it with its own clock). NOT thread safe.
 */
final class OrchesterLoop implements AutoCloseable {
    /** Most messages taken from one socket in one {@code doWork}, so no socket starves the others. */
    static final int BATCH = 256;
    /** How often the orchester's status goes to the tracker (queue depths, totals). */
    static final long DEFAULT_TRACKER_STATUS_INTERVAL_MS = 1000;
    /** How often failed attempts are checked for an overdue tracker decision. */
    static final long OVERDUE_CHECK_INTERVAL_MS = 1000;
    /** How often queued requests are checked against their service's queue_timeout. */
    static final long EXPIRY_CHECK_INTERVAL_MS = 100;
    /** Per-peer send queue of the ROUTER: room for a full credit of requests to a satbus worker, twice. */
    static final int ROUTER_SEND_HWM = 2 * WorkerInfo.MAX_CREDIT + 1000;
    /** Most bytes of receive buffers, and of send buffers, the router keeps for its next batches. */
    static final long ROUTER_POOLED_BYTES = 4L * 1024 * 1024;
    /** A new send buffer's size; a batch writer grows it as needed, and it comes back grown. */
    static final int SEND_BUFFER_BYTES = 8192;
    /**
     * ZMTP heartbeat of the three listening sockets: every peer connection that finished its
     * handshake is sent a PING this often, which the peer's ZeroMQ answers by itself (however
     * busy its program). ZeroMQ cannot cap the number of connections of a socket; what it can do
     * is close the ones that are dead, so that their file descriptors come back: a peer whose
     * machine vanished, a half-open connection that TCP alone would keep for hours.
     */
    static final int PEER_HEARTBEAT_INTERVAL_MS = 10_000;
    /**
     * A connection from which nothing (not even a PONG) has come this long after a PING is closed.
     * Generous, since a peer on a starved machine answers late; a live satbus peer reconnects by
     * itself and sends again what it keeps.
     */
    static final int PEER_HEARTBEAT_TIMEOUT_MS = 30_000;
    /** How long a reading of the process's file descriptors is reused: listing them costs one entry each. */
    static final long DESCRIPTORS_REFRESH_MS = 1000;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] DISCONNECT = {io.satbus.core.protocol.Mdp.DISCONNECT};
    private static final Logger LOG = LoggerFactory.getLogger(OrchesterLoop.class);

    private final ZContext context;
    private final ZMQ.Socket router;
    /** What the router reads batches into; null on a secured port. */
    private final ReceiveBuffers buffers;
    private final ZMQ.Socket xsub;
    private final ZMQ.Socket xpub;
    /** Null without security. */
    private final KeyGate gate;
    /** The gate's index in the poller, or -1. */
    private final int gateIndex;
    private final SocketPoller poller;
    private final long pollTimeoutMs;
    /** Reads the topic sockets. */
    private final FrameReader reader;
    /** Reads the router, its batches left in {@link #buffers}. */
    private final FrameReader routerReader;
    private final TopicProxy topics;
    private final ServiceRouter services;
    private final BatchingRouter out;
    private final Batch.Reader batchReader;
    /** The message of a batch being handled, [identity][""] then its frames read in place. */
    private final Batch.Frames unpacked;
    /** Null when no tracker is attached (the local {@link RetryPolicy} decides, no deadlines). */
    private final TrackerLinkClient tracker;
    private final WarnLimiter warn = new WarnLimiter(LOG, WarnLimiter.DEFAULT_PER_WINDOW, WarnLimiter.DEFAULT_WINDOW_MS);
    /** Decides, with a tracker attached, the failed attempts whose tracker decision is overdue. */
    private final RetryPolicy retryPolicy;
    private final long decisionDeadlineMs;
    private long nextOverdueCheckMs = Long.MIN_VALUE;
    private long nextExpiryCheckMs = Long.MIN_VALUE;
    private final List<byte[]> frames = new ArrayList<>();
    private final Queue<CompletableFuture<OrchesterStatus>> statusRequests = new ConcurrentLinkedQueue<>();
    private volatile OrchesterStatus lastStatus;
    /** Null for a single orchester; with a backup, routes only while it is active. */
    private final OrchesterPair pair;
    private FileDescriptors descriptors = FileDescriptors.UNKNOWN;
    /** The key and rights of the message being handled; null without security. */
    private String keyName;
    private Rights rights;
    private long nextDescriptorsReadMs = Long.MIN_VALUE;

    private OrchesterLoop(final ZContext context, final OrchesterConfig config, final RetryPolicy retryPolicy,
                          final ZMQ.Socket router, final ReceiveBuffers buffers, final ZMQ.Socket xsub,
                          final ZMQ.Socket xpub,
                          final ZMQ.Socket link, final String trackerEndpoint, final OrchesterPair pair,
                          final long pollTimeoutMs, final KeyGate gate) {
        this.context = context;
        this.pair = pair;
        this.gate = gate;
        this.router = router;
        this.buffers = buffers;
        this.xsub = xsub;
        this.xpub = xpub;
        this.pollTimeoutMs = pollTimeoutMs;
        this.retryPolicy = retryPolicy;
        this.decisionDeadlineMs = config.decisionDeadlineMs();
        this.reader = new FrameReader(config.maxMessageBytes(), config.maxFrames(), gate != null);
        this.routerReader = new FrameReader(config.maxMessageBytes(), config.maxFrames(), gate != null);
        if (buffers != null) {
            routerReader.readsInto(buffers);
        }
        this.topics = new TopicProxy(xsub, xpub, reader, new BusNames(config.deadLetterTopic()), gate);
        this.tracker = link == null ? null : new TrackerLinkClient(link, trackerEndpoint, config.topologyName(),
            DEFAULT_TRACKER_STATUS_INTERVAL_MS, warn);
        // Sent from their buffers only where received into them: CURVE encrypts a batch into a new message too.
        this.out = new BatchingRouter(router, config.maxMessageBytes(),
            buffers == null ? null : new SendBuffers(SEND_BUFFER_BYTES, ROUTER_POOLED_BYTES));
        this.batchReader = new Batch.Reader(config.maxFrames());
        this.unpacked = new Batch.Frames(batchReader, EMPTY, EMPTY);
        this.services = new ServiceRouter(config, out, topics::publish,
            tracker == null ? Tracking.local(retryPolicy) : tracker, warn);
        this.poller = new SocketPoller(5);
        poller.register(router);
        poller.register(xsub);
        poller.register(xpub);
        int next = 3;
        if (tracker != null) {
            tracker.attach(services.dispatcher());
            poller.register(link);
            next++;
        }
        if (pair != null) {
            services.adminStatus(st -> st.withPair(pair.status(st.atMs())));
        }
        if (gate != null) {
            gate.countWith(services::count);
            poller.register(gate.socket());
        }
        this.gateIndex = gate == null ? -1 : next;
        this.lastStatus = services.status(0);
    }

    /**
     * Creates and binds the three sockets in {@code context}; on failure closes whatever it
     * created and throws {@link OrchesterBindException} naming the endpoint.
     */
    static OrchesterLoop bind(final ZContext context, final OrchesterConfig config, final RetryPolicy retryPolicy,
                              final long pollTimeoutMs) {
        return bind(context, config, retryPolicy, null, pollTimeoutMs);
    }

    /**
     * As {@link #bind(ZContext, OrchesterConfig, RetryPolicy, long)}, with a tracker at
     * {@code trackerEndpoint} when it is not null ({@code retryPolicy} then only decides failed
     * attempts whose tracker decision is overdue, {@link OrchesterConfig#decisionDeadlineMs}): a DEALER
     * connected there, in {@code context} (which must be the tracker's for {@code inproc://}).
     */
    static OrchesterLoop bind(final ZContext context, final OrchesterConfig config, final RetryPolicy retryPolicy,
                              final String trackerEndpoint, final long pollTimeoutMs) {
        final List<ZMQ.Socket> opened = new ArrayList<>(5);
        PeerLink peer = null;
        try {
            final KeyGate gate = config.security() == null ? null
                : KeyGate.bind(context, config.security(), new WarnLimiter(LOG, WarnLimiter.DEFAULT_PER_WINDOW,
                    WarnLimiter.DEFAULT_WINDOW_MS), opened);
            final ZMQ.Socket router = open(context, SocketType.ROUTER, config, opened);
            router.setSndHWM(ROUTER_SEND_HWM);
            // CURVE decrypts each message into a new one, so a secured port's buffers would never come back.
            final ReceiveBuffers buffers = gate != null ? null
                : new ReceiveBuffers(Batch.DEFAULT_LIMIT_BYTES, ROUTER_POOLED_BYTES);
            if (buffers != null) {
                router.setMsgAllocator(buffers);
            }
            secure(gate, router, KeyGate.SERVICE_DOMAIN);
            bind(router, "service_port", config.host(), config.servicePort());
            final ZMQ.Socket xsub = open(context, SocketType.XSUB, config, opened);
            secure(gate, xsub, KeyGate.PUB_DOMAIN);
            bind(xsub, "pub_port", config.host(), config.pubPort());
            final ZMQ.Socket xpub = open(context, SocketType.XPUB, config, opened);
            secure(gate, xpub, KeyGate.SUB_DOMAIN);
            bind(xpub, "sub_port", config.host(), config.subPort());
            final ZMQ.Socket link = trackerEndpoint == null ? null
                : connectTracker(context, trackerEndpoint, config, opened);
            peer = config.pair() == null ? null : PeerLink.open(context, config.pair(), s -> {
                if (gate != null && config.pair().bindsPeer()) {
                    gate.secure(s, KeyGate.PEER_DOMAIN);
                } else if (gate != null) {
                    io.satbus.core.zmq.Curve.client(s, config.security().orchesterKey(), config.security().orchesterKey());
                }
            });
            final OrchesterPair pair = peer == null ? null : new OrchesterPair(config.pair(), new PairState(
                config.pair().role(), config.pair().expiryMs(), "orchester " + config.topologyName() + " ("
                + config.pair().role().label() + ")", System.currentTimeMillis()), peer);
            return new OrchesterLoop(context, config, retryPolicy, router, buffers, xsub, xpub, link, trackerEndpoint,
                pair, pollTimeoutMs, gate);
        } catch (RuntimeException ex) {
            opened.forEach(context::destroySocket);
            if (peer != null) {
                peer.close();
            }
            throw ex;
        }
    }

    private static ZMQ.Socket open(final ZContext context, final SocketType type, final OrchesterConfig config,
                                   final List<ZMQ.Socket> opened) {
        final ZMQ.Socket s = context.createSocket(type);
        opened.add(s);
        s.setLinger(0);
        s.setMaxMsgSize(config.maxMessageBytes());
        // A peer that connects and never speaks ZMTP (an idle or hostile TCP client) is closed
        // after the handshake deadline, so idle connections cannot pile up; dead peers after it
        // by the heartbeat.
        s.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS);
        s.setHeartbeatIvl(PEER_HEARTBEAT_INTERVAL_MS);
        s.setHeartbeatTimeout(PEER_HEARTBEAT_TIMEOUT_MS);
        return s;
    }

    private static void secure(final KeyGate gate, final ZMQ.Socket socket, final String domain) {
        if (gate != null) {
            gate.secure(socket, domain);
        }
    }

    private static ZMQ.Socket connectTracker(final ZContext context, final String endpoint, final OrchesterConfig config,
                                             final List<ZMQ.Socket> opened) {
        final ZMQ.Socket s = context.createSocket(SocketType.DEALER);
        opened.add(s);
        if (config.security() != null && endpoint.startsWith("tcp://")) {
            // The tracker link over TCP: the orchester's key at both ends (docs/security.md).
            io.satbus.core.zmq.Curve.client(s, config.security().orchesterKey(), config.security().orchesterKey());
        }
        s.setLinger(0);
        s.setSndHWM(TrackerLinkClient.SEND_HWM);
        s.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS);
        s.setRcvHWM(0);
        try {
            if (s.connect(endpoint)) {
                return s;
            }
        } catch (ZMQException | IllegalArgumentException ex) {
            throw new OrchesterBindException("orchester tracker link : " + endpoint + " could not be connected: "
                + ex.getMessage() + " (expected: tcp://HOST:PORT or inproc://NAME of a tracker)", ex);
        }
        throw new OrchesterBindException("orchester tracker link : " + endpoint + " could not be connected (expected: "
            + "tcp://HOST:PORT or inproc://NAME of a tracker)", null);
    }

    private static void bind(final ZMQ.Socket socket, final String name, final String host, final int port) {
        final String address = host + ":" + port;
        try {
            if (socket.bind(Endpoints.tcp(host, port))) {
                return;
            }
            throw new OrchesterBindException("orchester " + name + " : " + address + " could not be bound (expected: "
                + "a free port on an address of this host)", null);
        } catch (ZMQException ex) {
            if (ex.getErrorCode() == ZMQ.Error.EADDRINUSE.getCode()) {
                throw new OrchesterBindException("orchester " + name + " : " + address + " is already in use (expected: "
                    + "a free port; is another orchester running?)", ex);
            }
            throw new OrchesterBindException("orchester " + name + " : " + address + " could not be bound: "
                + ex.getMessage() + " (expected: a free port on an address of this host)", ex);
        }
    }

    String roleName() {
        return "orchester";
    }

    /** One round of work at time {@code nowMs}; returns the number of things done, 0 when idle. */
    int doWork(final long nowMs) {
        int work = pair == null ? 0 : pair.doWork(nowMs);
        final int ready = poller.poll(tracker == null ? pollTimeoutMs
            : Math.min(pollTimeoutMs, tracker.msUntilFlush(nowMs)));
        if (ready != 0) {
            if (SocketPoller.isReadable(ready, 0)) {
                work += drainRouter(nowMs);
            }
            if (SocketPoller.isReadable(ready, 1)) {
                work += drainTopics(nowMs, true);
            }
            if (SocketPoller.isReadable(ready, 2)) {
                work += drainTopics(nowMs, false);
            }
            if (gate != null && SocketPoller.isReadable(ready, gateIndex)) {
                work += gate.drain(nowMs, BATCH);
            }
            if (tracker != null && SocketPoller.isReadable(ready, 3)) {
                work += tracker.drainDecisions(nowMs);
                if (tracker.takeResync()) {
                    work += resyncTracker(nowMs);
                }
            }
        }
        if (gate != null) {
            work += gate.reloadIfChanged(nowMs);
        }
        work += services.onTick(nowMs);
        if (nowMs >= nextExpiryCheckMs) {
            nextExpiryCheckMs = nowMs + EXPIRY_CHECK_INTERVAL_MS;
            work += services.expire(nowMs);
        }
        work += answerStatusRequests(nowMs);
        if (tracker != null && nowMs >= nextOverdueCheckMs) {
            nextOverdueCheckMs = nowMs + OVERDUE_CHECK_INTERVAL_MS;
            final int decided = services.dispatcher().decideOverdue(nowMs, decisionDeadlineMs, retryPolicy);
            if (decided > 0) {
                warn.warn(nowMs, "tracker {} : no decision for {} failed attempts within {} ms, decided by the "
                    + "orchester's retry policy (expected: a tracker answering on the link)", tracker.endpoint(),
                    decided, decisionDeadlineMs);
                work += decided;
            }
        }
        out.flush();
        if (tracker != null) {
            if (tracker.statusDue(nowMs)) {
                tracker.status(status(nowMs));
                tracker.run(services.runFigures());
            }
            work += tracker.flush(nowMs);
        }
        return work;
    }

    /**
     * The tracker on the link never had this orchester's HELLO: it started after it. Tells it the
     * workers and the attempts in flight, and decides here, by the retry policy, the failed
     * attempts whose decision the earlier tracker took with it.
     */
    private int resyncTracker(final long nowMs) {
        final Dispatcher d = services.dispatcher();
        final int told = tracker.resync(d);
        final int decided = d.decideOverdue(nowMs, 0, retryPolicy);
        LOG.info("tracker {} : a tracker that started after this orchester asked for its state: told it every worker "
            + "and {} attempts in flight (their deadlines start now); {} failed attempts awaiting the earlier tracker's "
            + "decision decided by the retry policy", tracker.endpoint(), told, decided);
        tracker.flushNow(nowMs);
        return 1 + told + decided;
    }

    private int drainRouter(final long nowMs) {
        int n = 0;
        for (; n < BATCH; n++) {
            try {
                if (!routerReader.read(router, frames)) {
                    break;
                }
                if (gate != null) {
                    keyName = routerReader.userId();
                    rights = gate.rightsOf(keyName);
                }
                if (pair != null && !pair.active() && !pair.admits(frames, nowMs)) {
                    refuse();
                } else if (Batch.isBatch(frames, 1)) {
                    onBatch(nowMs);
                } else {
                    services.onMessage(frames, nowMs, rights, keyName);
                }
            } catch (MalformedFrameException ex) {
                services.countMalformed();
                warn.warn(nowMs, "service_port : malformed message from {} dropped: {}", sender(), ex.getMessage());
            } catch (RuntimeException ex) {
                services.countMalformed();
                warn.warn(nowMs, "service_port : message from {} could not be handled, dropped", sender(), ex);
            }
        }
        return n;
    }

    /**
     * Handles the messages of the batch in {@code frames} one by one, each as if it had come on
     * its own; a malformed one is counted and dropped and the next handled, a batch cut short
     * ends there. The sender is sent batches from now on.
     */
    private void onBatch(final long nowMs) throws MalformedFrameException {
        final byte[] identity = frames.get(0);
        final zmq.Msg pooled = routerReader.takeBatch();
        try {
            if (pooled != null) {
                batchReader.reset(pooled.buf().array(), pooled.size());
            } else {
                batchReader.reset(frames.get(3));
            }
            out.batching(identity);
            onBatchMessages(nowMs);
        } finally {
            // Whatever was kept of a message was got from it, so copied: the buffer is free for the next one.
            batchReader.clear();
            if (pooled != null) {
                buffers.release(pooled);
            }
        }
    }

    private void onBatchMessages(final long nowMs) throws MalformedFrameException {
        unpacked.setPrefix(0, frames.get(0));
        while (true) {
            if (!unpacked.read()) {
                return;
            }
            try {
                services.onMessage(unpacked, nowMs, rights, keyName);
            } catch (MalformedFrameException ex) {
                services.countMalformed();
                warn.warn(nowMs, "service_port : malformed message in a batch from {} dropped: {}", sender(),
                    ex.getMessage());
            } catch (RuntimeException ex) {
                services.countMalformed();
                warn.warn(nowMs, "service_port : message in a batch from {} could not be handled, dropped", sender(), ex);
            }
        }
    }

    /**
     * A passive orchester of a pair routes nothing: a satbus peer is told DISCONNECT, and turns to
     * the other orchester; a plain MDP client gets nothing and turns to it on its timeout.
     */
    private void refuse() {
        if (OrchesterPair.satbusPeer(frames)) {
            out.send(List.of(frames.get(0), EMPTY, io.satbus.core.protocol.Mdp.WORKER_BYTES, DISCONNECT));
        }
    }

    private int drainTopics(final long nowMs, final boolean published) {
        int n = 0;
        for (; n < BATCH; n++) {
            try {
                if (published) {
                    // A passive orchester of a pair reads what is published to it and forwards none of it.
                    final int outcome = topics.forwardPublished(frames, pair == null || pair.active());
                    if (outcome == TopicProxy.NONE) {
                        break;
                    }
                    if (outcome == TopicProxy.FORBIDDEN) {
                        services.countForbidden();
                        warn.warn(nowMs, "pub_port : publication on {} dropped (expected: a topic outside satbus. and "
                            + "the dead-letter topic, which only the orchester publishes on)", ServiceRouter.printable(frames.get(0)));
                    }
                } else if (!topics.forwardSubscription(frames)) {
                    break;
                }
            } catch (MalformedFrameException ex) {
                malformed(nowMs, published ? "pub_port" : "sub_port", ex);
            }
        }
        return n;
    }

    private String sender() {
        return frames.isEmpty() ? "(unknown peer)" : Hex.of(frames.get(0));
    }

    private void malformed(final long nowMs, final String endpoint, final MalformedFrameException ex) {
        services.countMalformed();
        warn.warn(nowMs, "{} : malformed message dropped: {}", endpoint, ex.getMessage());
    }

    /** A snapshot taken on the loop thread at its next {@code doWork}. Thread-safe. */
    CompletableFuture<OrchesterStatus> requestStatus() {
        final CompletableFuture<OrchesterStatus> f = new CompletableFuture<>();
        statusRequests.add(f);
        return f;
    }

    /** The latest snapshot taken, for answering after the loop has stopped. Thread-safe once the loop is done. */
    OrchesterStatus lastStatus() {
        return lastStatus;
    }

    /** A fresh snapshot, with the process's file descriptors read at most every second; loop thread only. */
    OrchesterStatus status(final long nowMs) {
        if (nowMs >= nextDescriptorsReadMs || nowMs < nextDescriptorsReadMs - DESCRIPTORS_REFRESH_MS) {
            descriptors = FileDescriptors.now();
            nextDescriptorsReadMs = nowMs + DESCRIPTORS_REFRESH_MS;
        }
        final OrchesterStatus s = services.status(nowMs).withDescriptors(descriptors);
        lastStatus = pair == null ? s : s.withPair(pair.status(nowMs));
        return lastStatus;
    }

    private int answerStatusRequests(final long nowMs) {
        if (statusRequests.isEmpty()) {
            return 0;
        }
        final OrchesterStatus s = status(nowMs);
        int n = 0;
        CompletableFuture<OrchesterStatus> f;
        while ((f = statusRequests.poll()) != null) {
            f.complete(s);
            n++;
        }
        return n;
    }

    /** Closes the sockets (not the context); pending status requests get the last snapshot. */
    @Override
    public void close() {
        CompletableFuture<OrchesterStatus> f;
        while ((f = statusRequests.poll()) != null) {
            f.complete(lastStatus);
        }
        out.flush();
        if (tracker != null) {
            tracker.flushNow(lastStatus.atMs());
        }
        poller.close();
        context.destroySocket(router);
        context.destroySocket(xsub);
        context.destroySocket(xpub);
        if (gate != null) {
            context.destroySocket(gate.socket());
        }
        if (tracker != null) {
            context.destroySocket(tracker.socket());
        }
        if (pair != null) {
            pair.close();
        }
    }
}
