package io.satbus.satellites.runtime;

import io.satbus.core.Agent;
import io.satbus.core.RareLog;
import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.protocol.WorkerInfo;
import io.satbus.core.security.CurveKey;
import io.satbus.core.security.SecuritySpec;
import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.zmq.Curve;
import io.satbus.core.zmq.SocketPoller;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.Source;
import io.satbus.satellites.runtime.CustodyWindow.Kept;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The loop of one satellite instance: reads the service and topic sockets, hands requests and
 * topic messages to the satellite, asks a source to produce while the send window has room,
 * sends heartbeats and replaces a connection the orchester has given up.
 *
 * <p>NOT thread-safe: everything but {@link #request(int, long)} runs on the runtime thread,
 * which owns every socket. Sends made while the window is full service the service socket
 * (acknowledgements, heartbeats; requests are queued, not handled) until there is room.
 *
 * <p>Custody (docs/protocol.md 2.7; bookkeeping in {@link Custody}): every send is kept
 * until acknowledged or released by a dead notice and sent again after a reconnect; a request's
 * reply waits for the sends made while handling it; a request already completed is answered
 * at once without the handler. What must survive the process is saved before each flush.
 *
 * <p>What a round sends to the orchester goes in one batch (docs/protocol.md 2.6), flushed at
 * the end of {@link #doWork}, before every wait for input, when a round's callbacks hold it
 * longer than {@link #MAX_BATCH_HOLD_MS}, and with DISCONNECT: batching never holds a message
 * back while the thread waits.
 */
final class SatelliteAgent implements Outbound, Agent {
    private static final Logger LOG = LoggerFactory.getLogger(SatelliteAgent.class);
    private static final int RECEIVE_LIMIT = 256;
    private static final long MAX_POLL_MS = 10;
    /** Longest a round's slow callbacks may hold the pending batch before it is flushed mid-round. */
    static final long MAX_BATCH_HOLD_MS = 10;
    private static final int CLOSE_LINGER_MS = 500;
    private static final int MAX_CACHED_NAMES = 1024;

    private final Topology topology;
    private final SatelliteSpec spec;
    private final Satellite satellite;
    private final Source source;
    private final RuntimeSettings settings;
    private final SatelliteStats stats;
    private final LongSupplier clockMs;
    private final LongSupplier epochMicros;
    private final RuntimeContext context;
    private final RuntimeOutput output;
    private Custody custody;
    private Requests requests;
    /** True after a new connection, until the kept sends went again on it. */
    private boolean resendDue;
    private final long progressIntervalMs;
    private long nextProgressMs;
    /** The process's context for satellites, or null: this instance then has a context (and an I/O thread) of its own. */
    private final ZContext shared;
    private final Map<String, byte[]> nameBytes = new HashMap<>();
    private volatile Lifecycle asked = Lifecycle.RUN;
    private volatile long stopDeadlineMs = Long.MAX_VALUE;
    private ZContext zmq;
    private ServiceLink link;
    private TopicLinks topics;
    private SocketPoller pollAll;
    private SocketPoller pollService;
    private boolean stopping;
    private boolean sourceDone;
    private boolean heardSinceConnect;
    private final ServiceHandler serviceHandler = new ServiceHandler();
    /** The time of the turn whose message {@link #serviceHandler} is acting on. */
    private long serviceNowMs;

    SatelliteAgent(final Topology topology, final SatelliteSpec spec, final int instance, final Satellite satellite,
                   final Path baseDir, final RuntimeSettings settings, final SatelliteStats stats,
                   final LongSupplier clockMs, final LongSupplier epochMicros, final ZContext shared) {
        this.topology = topology;
        this.shared = shared;
        this.spec = spec;
        this.satellite = satellite;
        this.source = satellite instanceof Source s ? s : null;
        this.settings = settings;
        this.stats = stats;
        this.clockMs = clockMs;
        this.epochMicros = epochMicros;
        this.context = new RuntimeContext(topology.name(), spec, instance, baseDir, () -> asked != Lifecycle.RUN,
            () -> custody.resumePosition());
        this.output = new RuntimeOutput(context, this, () -> custody.nextId(), epochMicros);
        this.progressIntervalMs = Math.max(1, topology.timeoutMs(spec) / 3);
    }

    @Override
    public String roleName() {
        return "satellite " + context.label();
    }

    boolean isSource() {
        return source != null;
    }

    /**
     * Asks the loop to stop (gracefully until {@code deadlineMs}), close or die; any thread. A later
     * ask never undoes a hastier one.
     */
    synchronized void ask(final Lifecycle what, final long deadlineMs) {
        if (what == Lifecycle.STOP) {
            stopDeadlineMs = Math.min(stopDeadlineMs, deadlineMs);
        }
        if (what.atLeast(asked)) {
            asked = what;
        }
    }

    /** What the loop was last asked to do. */
    Lifecycle asked() {
        return asked;
    }

    long stopDeadlineMs() {
        return stopDeadlineMs;
    }

    /**
     * With security on, what makes each socket a CURVE client proving this satellite's key (its
     * secret file read now: a missing one fails the start, naming the file); else nothing.
     */
    private Consumer<ZMQ.Socket> curve() {
        final SecuritySpec security = topology.security();
        if (security == null) {
            return s -> { };
        }
        final CurveKey own = security.secretKey(settings.keyName() == null ? spec.name() : settings.keyName());
        final CurveKey server = security.orchesterKey();
        return s -> Curve.client(s, own, server);
    }

    /** Opens the satellite, then its sockets. */
    void onStart(final long nowMs) throws Exception {
        output.owner(Thread.currentThread());
        custody = new Custody(context.label(), spec.name() + "." + context.instance(), source != null,
            topology.custody(), settings.sendWindow(), spec.custody().dedupWindow(), settings.stateDir(),
            spec.custody().outbox(), spec.custody().outboxFsync(), stats);
        satellite.open(context);
        custody.started();
        resendDue = custody.size() > 0;
        nextProgressMs = nowMs + progressIntervalMs;
        final OrchesterSpec o = topology.orchester();
        // A shadow has its own sockets (closed with it) on the shared context's I/O thread.
        zmq = shared == null ? new ZContext(1) : shared.shadow();
        final String service = spec.isWorker() ? spec.service() : null;
        final byte[] info = service == null ? null
            : new WorkerInfo(spec.name(), context.instance(), spec.credit()).encode();
        link = new ServiceLink(zmq, o.serviceEndpoints(), context.label(),
            service, info, o.heartbeatIntervalMs(), o.heartbeatLiveness(), o.maxMessageBytes(), () -> custody.save());
        final Consumer<ZMQ.Socket> secure = curve();
        if (topology.security() != null) {
            // A plain link reads into receive buffers; a secured one cannot (ServiceLink.secure).
            link.secure(secure);
        }
        link.connect(nowMs);
        requests = new Requests(context, satellite, output, stats, link, custody, clockMs, epochMicros, this::countError,
            RECEIVE_LIMIT);
        output.onProgress(requests::progressFromHandler);
        topics = new TopicLinks(zmq, o.pubEndpoints(), o.subEndpoints(),
            !spec.publish().isEmpty(), spec.subscribe(), o.maxMessageBytes(), secure);
        rebuildPollers();
        LOG.info("{} started: service={} send_to={} publish={} subscribe={} credit={} window={}", context.label(),
            service, spec.sendTo(), spec.publish(), spec.subscribe(), spec.credit(), settings.sendWindow());
    }

    /** One turn of the loop; returns the amount of work done, 0 when idle. */
    @Override
    public int doWork(final long nowMs) {
        if (asked != Lifecycle.RUN && !stopping) {
            beginStop();
        }
        int work = receiveService(nowMs);
        if (!stopping) {
            work += requests.handleQueued(MAX_BATCH_HOLD_MS);
            work += receiveTopics();
            work += produce();
        }
        work += timers(clockMs.getAsLong());
        link.flush();
        custody.saveIfDirty();
        return work;
    }

    /** Waits for input when a turn found nothing to do: briefly for a source, else until a timer is due. */
    @Override
    public void idle(final long nowMs) {
        long timeoutMs = Math.min(MAX_POLL_MS, link.msUntilTimer(nowMs));
        if (source != null && !sourceDone && !stopping && custody.hasRoom() && link.up()) {
            timeoutMs = Math.min(timeoutMs, settings.idleMs());
        }
        link.flush();
        (stopping ? pollService : pollAll).poll(timeoutMs);
    }

    /** Batches its link has received into receive buffers (for tests: a plain link must use them). */
    long linkBuffersTaken() {
        final ServiceLink l = link;
        return l == null ? 0 : l.receiveBuffersTaken();
    }

    /** Batches its link sent from send buffers that JeroMQ has given back (for tests: a plain link must use them). */
    long linkSendBuffersGivenBack() {
        final ServiceLink l = link;
        return l == null ? 0 : l.sendBuffersGivenBack();
    }

    /** True when no send waits for its acknowledgement. */
    boolean sendsSettled() {
        return custody.size() == 0;
    }

    /** Closes sockets, then the satellite; DISCONNECT first unless the instance is killed. */
    void onClose(final boolean disconnect) {
        if (custody != null && disconnect && custody.size() > 0) {
            final int kept = custody.size();
            final int lost = custody.abandon();
            LOG.warn("{} closing with {} sends unacknowledged: {} lost{}", context.label(), kept, lost,
                lost < kept ? ", the rest kept by their senders (their replies were held) or by the outbox" : "");
        }
        if (link != null) {
            if (disconnect) {
                link.sendDisconnect(clockMs.getAsLong());
            }
            link.close(disconnect ? CLOSE_LINGER_MS : 0);
        }
        if (topics != null) {
            topics.close(disconnect ? CLOSE_LINGER_MS : 0);
        }
        closePollers();
        try {
            satellite.close();
        } catch (Exception e) {
            LOG.warn("{} close failed", context.label(), e);
        }
        if (zmq != null) {
            zmq.close();
        }
        if (custody != null) {
            custody.close(disconnect);
        }
        LOG.info("{} closed{}: {}", context.label(), disconnect ? "" : " without DISCONNECT", stats);
    }

    @Override
    public void send(final String service, final Envelope message) {
        awaitRoom();
        final Kept k = custody.keep(bytes(service), message, requests.handling());
        if (k != null) {
            sendKept(k, clockMs.getAsLong());
        }
    }

    @Override
    public void publish(final String topic, final Envelope message) {
        topics.publish(bytes(topic), EnvelopeCodec.encodeHeader(message), message.payload());
        stats.countPublished();
    }

    private void awaitRoom() {
        while (!custody.hasRoom() || !link.up() || resendDue) {
            final long nowMs = clockMs.getAsLong();
            if (asked.atLeast(Lifecycle.CLOSE) || asked == Lifecycle.STOP && nowMs >= stopDeadlineMs) {
                throw new IllegalStateException(context.label() + " send : runtime closing "
                    + (link.up() ? "with a full send window (" + custody.size() + " sends waiting for acknowledgement)"
                    : "before the orchester was reached") + "; message not sent");
            }
            final int work = receiveService(nowMs) + timers(nowMs);
            // Every pass, not only before a wait: the acknowledgements that make room answer what is pending here.
            link.flush();
            if (work == 0) {
                pollService.poll(Math.min(MAX_POLL_MS, link.msUntilTimer(nowMs)));
            }
        }
    }

    private void beginStop() {
        stopping = true;
        link.sendDisconnect(clockMs.getAsLong());
        LOG.info("{} stopping: {} sends waiting for acknowledgement, {} queued requests left to the orchester",
            context.label(), custody.size(), requests.clear());
    }

    private int receiveService(final long nowMs) {
        if (!link.pollEvents(nowMs)) {
            reconnect(nowMs, "the connection to the orchester dropped");
            return 1;
        }
        int n = 0;
        if (resendDue && link.up()) {
            n += resendKept(nowMs);
        }
        while (n < RECEIVE_LIMIT) {
            try {
                final List<byte[]> frames = link.receive(nowMs);
                if (frames == null) {
                    break;
                }
                heardSinceConnect = true;
                onServiceMessage(frames, nowMs);
            } catch (MalformedFrameException e) {
                heardSinceConnect = true;
                stats.countMalformed();
                LOG.debug("{} dropped a malformed message from the orchester: {}", context.label(), e.getMessage());
            }
            n++;
        }
        return n;
    }

    /** What the orchester said, decoded by {@link ServiceFrames}, acted on. */
    private void onServiceMessage(final List<byte[]> f, final long nowMs) throws MalformedFrameException {
        serviceNowMs = nowMs;
        ServiceFrames.decode(f, serviceHandler);
    }

    /**
     * Acts on each message {@link ServiceFrames} decodes, at {@link #serviceNowMs}: one handler for
     * the life of the agent, not one per message.
     */
    private final class ServiceHandler implements ServiceFrames.Handler {
        @Override
        public void onRequest(final List<byte[]> frames) throws MalformedFrameException {
            if (!stopping) {
                requests.onRequest(frames);
            }
        }

        @Override
        public void onHeartbeat() {
            // Heard: the link's liveness was updated when it was received.
        }

        @Override
        public void onDisconnect() {
            // A passive orchester of a pair refuses clients too: they turn to the other one.
            if ((link.isWorker() || link.paired()) && !stopping) {
                reconnect(serviceNowMs, "the orchester sent DISCONNECT");
            }
        }

        @Override
        public void onAcknowledged(final byte[] service, final long messageId) {
            passed(null, messageId, null, serviceNowMs);
        }

        @Override
        public void onNotice(final String service, final long messageId, final Notice notice) {
            if (notice.refused()) {
                refused(service, messageId, notice, serviceNowMs);
            } else {
                passed(service, messageId, notice, serviceNowMs);
            }
        }
    }

    /** A send refused for now: kept, sent again after the wait the orchester asked. */
    private void refused(final String service, final long id, final Notice notice, final long nowMs) {
        final long waitMs = custody.refused(id, notice.retryAfterMs(), nowMs);
        if (waitMs >= 0 && RareLog.due(stats.refused())) {
            LOG.warn("{} the orchester refused message {} to {} ({}): kept, sent again in {} ms ({} refusals so far;"
                + " " + RareLog.SUFFIX + ")", context.label(), Long.toUnsignedString(id), service, notice.reason(), waitMs,
                stats.refused());
        }
    }

    /**
     * A send acknowledged ({@code dead} null) or gone dead to {@code service} (read only for the
     * log of a dead one): custody passes, and the replies held for it may go.
     */
    private void passed(final String service, final long id, final Notice dead, final long nowMs) {
        final List<HeldReply> ready = custody.passed(id, dead != null);
        if (ready == null) {
            LOG.debug("{} answer to {} matches no kept send (late or repeated)", context.label(), Long.toUnsignedString(id));
            return;
        }
        if (dead != null) {
            logDead(id, service, dead);
        }
        for (int i = 0; i < ready.size(); i++) {
            requests.reply(ready.get(i), nowMs);
        }
    }

    private void logDead(final long id, final String service, final Notice notice) {
        final long n = stats.dead();
        if (RareLog.due(n)) {
            LOG.warn("{} message {} to {} went dead: {} ({} dead so far; " + RareLog.SUFFIX + ")", context.label(),
                Long.toUnsignedString(id), service, notice.describe(), n);
        }
    }

    private int receiveTopics() {
        int n = 0;
        List<byte[]> f;
        while (n < RECEIVE_LIMIT && (f = topics.receive()) != null) {
            n++;
            final Envelope message;
            try {
                if (f.size() != 3) {
                    throw new MalformedFrameException("topic message : " + f.size()
                        + " frames (expected: 3, [topic][envelope header][payload])");
                }
                message = EnvelopeCodec.decode(f.get(1), f.get(2));
            } catch (MalformedFrameException e) {
                stats.countMalformed();
                LOG.debug("{} dropped a malformed topic message: {}", context.label(), e.getMessage());
                continue;
            }
            stats.countReceived();
            stats.inProgress(1);
            try {
                satellite.onMessage(message, output);
                stats.countHandled();
            } catch (Exception e) {
                countError("onMessage", e);
            } finally {
                stats.inProgress(0);
            }
            link.flushIfHeld(clockMs.getAsLong(), MAX_BATCH_HOLD_MS);
        }
        return n;
    }

    private int produce() {
        if (source == null || sourceDone || !custody.hasRoom() || !link.up() || resendDue) {
            return 0;
        }
        final int n;
        try {
            n = source.produce(output);
        } catch (Exception e) {
            countError("produce", e);
            return 0;
        }
        if (n == Source.DONE) {
            sourceDone = true;
            stats.done(true);
            LOG.info("{} source done: {} sent, {} published", context.label(), stats.sent(), stats.published());
            return 1;
        }
        return Math.max(0, n);
    }

    private int timers(final long nowMs) {
        int work = 0;
        if (link.up() && !resendDue) {
            for (Kept k : custody.dueAgain(nowMs)) {
                sendKept(k, nowMs);
                work++;
            }
        }
        if (nowMs >= nextProgressMs) {
            nextProgressMs = nowMs + progressIntervalMs;
            work += requests.progress(nowMs);
        }
        if (link.orchesterSilent(nowMs)) {
            reconnect(nowMs, "the orchester was silent for " + topology.orchester().expiryMs() + " ms");
            work++;
        } else if (link.connectTimedOut(nowMs)) {
            reconnect(nowMs, link.endpoint() + " not reached within " + topology.orchester().expiryMs() + " ms");
            work++;
        } else if (link.heartbeatDue(nowMs)) {
            link.sendHeartbeat(nowMs);
        }
        final long waitedMs = link.notUpWarningDue(nowMs);
        if (waitedMs >= 0) {
            LOG.warn("{} not connected to {} after {} ms; ZeroMQ keeps trying ({} sends kept to send once connected)",
                context.label(), link.endpoint(), waitedMs, custody.size());
        }
        return work;
    }

    private void reconnect(final long nowMs, final String why) {
        final int left = requests.clear();
        stats.countReconnect();
        resendDue = custody.size() > 0;
        if (heardSinceConnect) {
            LOG.warn("{} reconnecting: {}; {} sends kept to send again, {} queued requests left to the orchester",
                context.label(), why, custody.size(), left);
        } else {
            LOG.debug("{} reconnecting: {} (not heard from since the last connect)", context.label(), why);
        }
        heardSinceConnect = false;
        final String before = link.endpoint();
        link.connect(nowMs);
        if (link.paired()) {
            LOG.info("{} turns from {} to {}: {}", context.label(), before, link.endpoint(), why);
        }
        rebuildPollers();
    }

    /** Sends a kept message (again): its header encoded straight into the batch, unless an earlier process kept it. */
    private void sendKept(final Kept k, final long nowMs) {
        if (k.message() != null) {
            link.sendRequest(k.service(), k.message(), nowMs);
        } else {
            link.sendRequest(k.service(), k.header(), k.payload(), nowMs);
        }
    }

    /** Sends every kept message again, oldest first, under its id: on a new connection, after READY. */
    private int resendKept(final long nowMs) {
        resendDue = false;
        custody.reconnected();
        int n = 0;
        for (Kept k : custody.kept()) {
            sendKept(k, nowMs);
            n++;
        }
        stats.countResent(n);
        if (n > 0) {
            LOG.info("{} sent {} kept messages again", context.label(), n);
        }
        return n;
    }

    private void rebuildPollers() {
        closePollers();
        pollService = new SocketPoller(2);
        pollService.register(link.socket());
        pollService.register(link.monitor());
        pollAll = new SocketPoller(3);
        pollAll.register(link.socket());
        pollAll.register(link.monitor());
        if (topics.sub() != null) {
            pollAll.register(topics.sub());
        }
    }

    private void closePollers() {
        if (pollAll != null) {
            pollAll.close();
            pollService.close();
            pollAll = null;
            pollService = null;
        }
    }

    private void countError(final String where, final Exception e) {
        stats.countError();
        final long n = stats.errors();
        if (RareLog.due(n)) {
            LOG.warn("{} {} threw ({} errors so far; " + RareLog.SUFFIX + ")", context.label(), where, n, e);
        } else {
            LOG.debug("{} {} threw", context.label(), where, e);
        }
    }

    private byte[] bytes(final String name) {
        if (nameBytes.size() > MAX_CACHED_NAMES) {
            nameBytes.clear();
        }
        return nameBytes.computeIfAbsent(name, k -> k.getBytes(StandardCharsets.UTF_8));
    }
}
