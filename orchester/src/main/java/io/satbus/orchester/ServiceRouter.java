package io.satbus.orchester;

import io.satbus.core.envelope.Reply;
import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.DispatchToken;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.protocol.WorkerInfo;
import io.satbus.core.security.Rights;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The MDP/0.1 broker logic of the service endpoint: checks every message from the ROUTER,
 * answers {@code mmi.*} and {@code satbus.admin} itself, registers workers and hands client
 * requests and worker replies to the {@link Dispatcher}. See docs/protocol.md sections 1, 2, 4, 5.
 *
 * <pre>
 * from a client  [identity][""]["MDPC01"][service][body 1]...[body n]          n >= 1
 * from a worker  [identity][""]["MDPW01"][0x01 READY][service]([worker info])
 *                [identity][""]["MDPW01"][0x03 REPLY][token: 12 bytes][""][body 1]...[body n]   n >= 1
 *                [identity][""]["MDPW01"][0x04 HEARTBEAT]
 *                [identity][""]["MDPW01"][0x05 DISCONNECT]
 *                [identity][""]["MDPW01"][0x06 PROGRESS][token: 12 bytes]
 * </pre>
 * PROGRESS for an attempt in flight on that worker goes to the {@link Dispatcher} (and on to the
 * tracker, which extends the attempt's deadline); for any other token it only counts as a sign of life.
 * A message of any other shape throws {@link MalformedFrameException} before any state changes.
 *
 * <p>Owned by the orchester thread. NOT thread safe.
 */
final class ServiceRouter {
    private static final byte[] EMPTY = new byte[0];
    /** The frame of a worker's REPLY or PROGRESS that holds the dispatch token. */
    private static final int TOKEN = 4;
    private static final byte[] HEARTBEAT = {Mdp.HEARTBEAT};
    private static final byte[] DISCONNECT = {Mdp.DISCONNECT};
    private static final byte[] MMI_FOUND = "200".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MMI_NOT_FOUND = "404".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MMI_NOT_IMPLEMENTED = "501".getBytes(StandardCharsets.US_ASCII);
    private static final String MMI_PREFIX = "mmi.";

    private final String topologyName;
    private final FrameSink router;
    private final Dispatcher dispatcher;
    private final WorkerRegistry registry = new WorkerRegistry();
    private final HeartbeatSchedule heartbeats;
    private final WarnLimiter warn;
    /** Applied to the status the admin service returns ({@link #adminStatus(UnaryOperator)}). */
    private UnaryOperator<OrchesterStatus> adminStatus = UnaryOperator.identity();
    /** The run's accounting as the supervisors report it to {@code satbus.admin}. */
    private final RunFigures runFigures = new RunFigures();
    private int nextWorkerKey = 1;
    /** The rights and key name of the message being handled; null without security. */
    private Rights rights;
    private String keyName;
    /** The last service name checked, as bytes and as text: requests mostly name the service of the one before. */
    private byte[] lastServiceBytes = EMPTY;
    private String lastService;

    ServiceRouter(final OrchesterConfig config, final FrameSink router, final FrameSink xpub,
                  final Tracking tracking, final WarnLimiter warn) {
        this.topologyName = config.topologyName();
        this.router = router;
        this.dispatcher = new Dispatcher(config, router, new DeadLetters(config.deadLetterTopic(), xpub), tracking, warn);
        this.heartbeats = new HeartbeatSchedule(config.heartbeatIntervalMs(), config.expiryMs());
        this.warn = warn;
    }

    /** Handles one message from the ROUTER, without security; {@code frames} may be reused by the caller afterwards. */
    void onMessage(final List<byte[]> frames, final long nowMs) throws MalformedFrameException {
        onMessage(frames, nowMs, null, null);
    }

    /**
     * Handles one message from the ROUTER sent by a connection admitted with key {@code keyName}
     * and its {@code rights}; both null without security. A step outside them is dropped (a
     * worker told to DISCONNECT; the admin and control services answer an error), counted
     * {@code forbidden} and logged rate-limited.
     */
    void onMessage(final List<byte[]> frames, final long nowMs, final Rights rights, final String keyName)
        throws MalformedFrameException {
        this.rights = rights;
        this.keyName = keyName;
        if (frames.size() < 3) {
            throw new MalformedFrameException("message : " + frames.size() + " frames (expected: [identity][\"\"]"
                + "[\"MDPC01\" or \"MDPW01\"]...)");
        }
        if (frames.get(1).length != 0) {
            throw new MalformedFrameException("first frame : " + frames.get(1).length + " bytes (expected: empty frame)");
        }
        final byte[] protocol = frames.get(2);
        if (Arrays.equals(protocol, Mdp.CLIENT_BYTES)) {
            onClient(frames, nowMs);
        } else if (Arrays.equals(protocol, Mdp.WORKER_BYTES)) {
            onWorker(frames, nowMs);
        } else {
            throw new MalformedFrameException("protocol : " + printable(protocol) + " (expected: \"" + Mdp.CLIENT
                + "\" or \"" + Mdp.WORKER + "\")");
        }
    }

    /** Requests queued past their service's queue_timeout: dead; returns how many. */
    int expire(final long nowMs) {
        return dispatcher.expire(nowMs);
    }

    /** Heartbeats and expiry of silent workers; returns the amount of work done. */
    int onTick(final long nowMs) {
        return heartbeats.onTick(nowMs, registry.all(), w -> sendCommand(w.identity, HEARTBEAT, w, nowMs),
            w -> {
                warn.warn(nowMs, "{} silent for {} ms, declared dead", w, nowMs - w.lastSeenMs);
                remove(w, nowMs);
            });
    }

    void countMalformed() {
        dispatcher.countMalformed();
    }

    void countForbidden() {
        count(Counter.FORBIDDEN);
    }

    /** Counts {@code c} in the totals, blaming no service. */
    void count(final Counter c) {
        dispatcher.count(null, c);
    }

    /** The run's accounting as the supervisors last reported it. */
    RunFigures runFigures() {
        return runFigures;
    }

    /** Where a tracker's decisions apply. */
    Dispatcher dispatcher() {
        return dispatcher;
    }

    OrchesterStatus status(final long nowMs) {
        return dispatcher.status(topologyName, nowMs, registry.size());
    }

    /** What the admin service's {@code status} adds to {@link #status(long)}: the loop's own parts (an orchester pair's). */
    void adminStatus(final UnaryOperator<OrchesterStatus> amend) {
        this.adminStatus = amend;
    }

    private void onClient(final List<byte[]> frames, final long nowMs) throws MalformedFrameException {
        if (frames.size() < 5) {
            throw new MalformedFrameException("client request : " + frames.size() + " frames (expected: >= 5, "
                + "[identity][\"\"][\"MDPC01\"][service][body...])");
        }
        final String service = checkedServiceName(frames.get(3));
        final byte[] client = frames.get(0);
        if (rights != null && !maySend(service)) {
            countForbidden();
            warn.warn(nowMs, "key {} : request for {} dropped (expected: a service in its send_to rights{})", keyName,
                service, BusNames.isControlService(service) || service.equals(Mdp.ADMIN_SERVICE) ? ", or admin: true" : "");
            if (service.equals(Mdp.ADMIN_SERVICE) || BusNames.isControlService(service)) {
                replyDirect(client, frames.get(3), ("{\"error\":\"key " + keyName + " may not use " + service
                    + " (expected: a key with admin: true)\"}").getBytes(StandardCharsets.UTF_8));
            } else if (!service.startsWith(MMI_PREFIX)) {
                // dead at entry, so that a satbus sender accounts for it rather than keeping it forever
                dispatcher.forbidden(client, service, bodyOf(frames),
                    "forbidden: key " + keyName + " may not send to " + service + " (expected: " + service
                    + " in its send_to rights)", nowMs);
            }
            return;
        }
        if (service.equals(Mdp.ADMIN_SERVICE)) {
            replyDirect(client, frames.get(3), AdminService.handle(bodyOf(frames), () -> adminStatus.apply(status(nowMs)),
                runFigures));
        } else if (service.equals(Mdp.MMI_SERVICE)) {
            final String asked = new String(bodyOf(frames).get(0), StandardCharsets.UTF_8);
            replyDirect(client, frames.get(3), dispatcher.hasWorkers(asked) ? MMI_FOUND : MMI_NOT_FOUND);
        } else if (service.startsWith(MMI_PREFIX)) {
            replyDirect(client, frames.get(3), MMI_NOT_IMPLEMENTED);
        } else {
            dispatcher.submit(client, service, frames, 4, nowMs);
        }
    }

    /**
     * The body of a client request, frames 4.. of {@code frames}, as a list of its own that no one
     * changes: the two frames of an envelope (header, payload) in the smallest list there is,
     * since a request is held until it is answered.
     */
    private static List<byte[]> bodyOf(final List<byte[]> frames) {
        return switch (frames.size()) {
            case 5 -> List.of(frames.get(4));
            case 6 -> List.of(frames.get(4), frames.get(5));
            default -> List.copyOf(frames.subList(4, frames.size()));
        };
    }

    /** Whether the current key may send to {@code service}: admin and control need admin, mmi.* is anyone's. */
    private boolean maySend(final String service) {
        if (service.equals(Mdp.ADMIN_SERVICE) || BusNames.isControlService(service)) {
            return rights.admin();
        }
        return service.startsWith(MMI_PREFIX) || rights.maySendTo(service);
    }

    private void onWorker(final List<byte[]> frames, final long nowMs) throws MalformedFrameException {
        if (frames.size() < 4 || frames.get(3).length != 1) {
            throw new MalformedFrameException("worker command : " + (frames.size() < 4 ? "missing"
                : frames.get(3).length + " bytes") + " (expected: one byte, 0x01..0x06)");
        }
        final byte command = frames.get(3)[0];
        switch (command) {
            case Mdp.READY -> onReady(frames, nowMs);
            case Mdp.REPLY -> onReply(frames, nowMs);
            case Mdp.HEARTBEAT, Mdp.DISCONNECT -> {
                expectFrames(frames, 4, command);
                final Worker w = owned(registry.get(frames.get(0)), nowMs);
                if (w == null) {
                    if (command == Mdp.HEARTBEAT) {
                        sendCommand(frames.get(0), DISCONNECT, null, nowMs);
                    }
                } else if (command == Mdp.HEARTBEAT) {
                    w.lastSeenMs = nowMs;
                } else {
                    remove(w, nowMs);
                }
            }
            case Mdp.PROGRESS -> {
                expectFrames(frames, 5, command);
                DispatchToken.check(Batch.Frames.lengthOf(frames, TOKEN));
                final Worker w = seen(frames.get(0), nowMs);
                final Dispatch d = w == null ? null : dispatcher.inFlightOn(w, tokenId(frames), tokenAttempt(frames));
                if (d != null) {
                    dispatcher.progress(d);
                }
            }
            case Mdp.REQUEST -> {
                // Valid but unexpected from a worker: spec 7 says DISCONNECT.
                final Worker known = owned(registry.get(frames.get(0)), nowMs);
                sendCommand(frames.get(0), DISCONNECT, null, nowMs);
                if (known != null) {
                    remove(known, nowMs);
                }
            }
            default -> throw new MalformedFrameException("worker command : " + Mdp.commandName(command)
                + " (expected: READY, REPLY, HEARTBEAT, DISCONNECT or PROGRESS)");
        }
    }

    private void onReady(final List<byte[]> frames, final long nowMs) throws MalformedFrameException {
        if (frames.size() != 5 && frames.size() != 6) {
            throw new MalformedFrameException("READY : " + frames.size() + " frames (expected: 5 or 6, "
                + "[identity][\"\"][\"MDPW01\"][0x01][service]([worker info]))");
        }
        final String service = serviceName(frames.get(4));
        final WorkerInfo info = frames.size() == 6 ? WorkerInfo.decode(frames.get(5)) : null;
        final byte[] identity = frames.get(0);
        final Worker known = registry.get(identity);
        if (known != null && owned(known, nowMs) == null) {
            return;
        }
        if (known != null) {
            // Spec 7: a worker MUST NOT send a further READY; answer with DISCONNECT.
            sendCommand(identity, DISCONNECT, null, nowMs);
            remove(known, nowMs);
            return;
        }
        if (service.startsWith(MMI_PREFIX) || service.equals(Mdp.ADMIN_SERVICE)) {
            sendCommand(identity, DISCONNECT, null, nowMs);
            throw new MalformedFrameException("READY service : \"" + service + "\" (expected: not " + Mdp.ADMIN_SERVICE
                + " nor mmi.*, which the orchester answers itself)");
        }
        if (BusNames.isUnservable(service)) {
            forbidden(identity, nowMs, "READY service : \"{}\" refused (expected: a service outside satbus., which is "
                + "the bus's own)", service);
            return;
        }
        if (rights != null && !rights.mayWorkFor(service)) {
            forbidden(identity, nowMs, "READY service : \"{}\" refused, key " + keyName + " may not work for it "
                + "(expected: a service in its work_for rights)", service);
            return;
        }
        if (BusNames.isControlService(service) && dispatcher.hasWorkers(service)) {
            forbidden(identity, nowMs, "READY service : \"{}\" refused, it has a live worker (expected: one control "
                + "worker, its supervisor's)", service);
            return;
        }
        if (dispatcher.service(service) == null) {
            sendCommand(identity, DISCONNECT, null, nowMs);
            throw new MalformedFrameException("READY service : \"" + service + "\" is one too many (expected: at most "
                + Dispatcher.MAX_SERVICES + " services)");
        }
        final Worker w = new Worker(nextWorkerKey++, identity, service, info, nowMs);
        w.keyName = keyName;
        registry.add(w);
        dispatcher.addWorker(w, nowMs);
    }

    private void onReply(final List<byte[]> frames, final long nowMs) throws MalformedFrameException {
        if (frames.size() < 6) {
            throw new MalformedFrameException("REPLY : " + frames.size() + " frames (expected: >= 7, "
                + "[identity][\"\"][\"MDPW01\"][0x03][token][\"\"][body...])");
        }
        // The token is read where it lies: in a batch it is not copied out.
        DispatchToken.check(Batch.Frames.lengthOf(frames, TOKEN));
        final int delimiter = Batch.Frames.lengthOf(frames, TOKEN + 1);
        if (delimiter != 0) {
            throw new MalformedFrameException("REPLY delimiter : " + delimiter + " bytes (expected: empty frame)");
        }
        final Worker w = seen(frames.get(0), nowMs);
        if (w == null) {
            return;
        }
        final long id = tokenId(frames);
        final int attempt = tokenAttempt(frames);
        final Dispatch d = dispatcher.inFlightOn(w, id, attempt);
        if (d == null) {
            dispatcher.lateReply(w, id, attempt);
            return;
        }
        // The body is frames 6..: complete() and fail() are done with them before the caller reuses the list.
        if (frames.size() == 6) {
            malformedReply(d, "REPLY : no body (expected: >= 1 body frame)", nowMs);
        } else if (!w.satbus()) {
            dispatcher.complete(d, frames, 6, nowMs);
        } else {
            final Reply reply;
            try {
                reply = Reply.decode(frames.get(6));
            } catch (MalformedFrameException ex) {
                malformedReply(d, ex.getMessage(), nowMs);
                return;
            }
            if (reply.ok()) {
                dispatcher.complete(d, frames, 7, nowMs);
            } else {
                dispatcher.fail(d, "error: " + reply.error(), nowMs);
            }
        }
    }

    /** The dispatch id of the token of a REPLY or PROGRESS, checked before. */
    private static long tokenId(final List<byte[]> frames) {
        return DispatchToken.dispatchId(Batch.Frames.arrayOf(frames, TOKEN), Batch.Frames.offsetOf(frames, TOKEN));
    }

    /** The attempt of the token of a REPLY or PROGRESS, checked before. */
    private static int tokenAttempt(final List<byte[]> frames) {
        return DispatchToken.attempt(Batch.Frames.arrayOf(frames, TOKEN), Batch.Frames.offsetOf(frames, TOKEN));
    }

    /** Tells {@code identity} to DISCONNECT, counts it forbidden and logs {@code why} (rate-limited). */
    private void forbidden(final byte[] identity, final long nowMs, final String why, final Object detail) {
        sendCommand(identity, DISCONNECT, null, nowMs);
        countForbidden();
        warn.warn(nowMs, "peer {}: " + why, Hex.of(identity), detail);
    }

    /** A malformed reply to a dispatch in flight is malformed and a failed attempt, so the request never hangs. */
    private void malformedReply(final Dispatch d, final String problem, final long nowMs) {
        dispatcher.count(d.service, Counter.MALFORMED);
        warn.warn(nowMs, "malformed reply from {} to dispatch {}: {}", d.worker, d.id, problem);
        dispatcher.fail(d, "error: malformed reply: " + problem, nowMs);
    }

    /** The registered worker {@code identity}, marked alive; or null after telling an unknown peer to DISCONNECT. */
    private Worker seen(final byte[] identity, final long nowMs) {
        final Worker w = owned(registry.get(identity), nowMs);
        if (w == null) {
            sendCommand(identity, DISCONNECT, null, nowMs);
            return null;
        }
        w.lastSeenMs = nowMs;
        return w;
    }

    /**
     * {@code w} when the current message's key is the one it registered with (always without
     * security), else null, counted forbidden: a routing id is the peer's to choose, so another
     * key's connection must not speak for a worker whose own connection has gone.
     */
    private Worker owned(final Worker w, final long nowMs) {
        if (w == null || rights == null || keyName != null && keyName.equals(w.keyName)) {
            return w;
        }
        countForbidden();
        warn.warn(nowMs, "key {} : message as {} dropped (expected: the key it registered with, {})", keyName, w,
            w.keyName);
        return null;
    }

    private void remove(final Worker w, final long nowMs) {
        registry.remove(w);
        dispatcher.removeWorker(w, nowMs);
    }

    private void sendCommand(final byte[] identity, final byte[] command, final Worker w, final long nowMs) {
        router.send(List.of(identity, EMPTY, Mdp.WORKER_BYTES, command));
        if (w != null) {
            w.lastSentMs = nowMs;
        }
    }

    private void replyDirect(final byte[] client, final byte[] service, final byte[] body) {
        router.send(List.of(client, EMPTY, Mdp.CLIENT_BYTES, service, body));
    }

    private static void expectFrames(final List<byte[]> frames, final int n, final byte command)
        throws MalformedFrameException {
        if (frames.size() != n) {
            throw new MalformedFrameException(Mdp.commandName(command) + " : " + frames.size() + " frames (expected: "
                + n + " with the identity)");
        }
    }

    private String checkedServiceName(final byte[] frame) throws MalformedFrameException {
        if (lastService != null && Arrays.equals(frame, lastServiceBytes)) {
            return lastService; // checked before: no decoder, no String per request
        }
        final String name = serviceName(frame);
        lastServiceBytes = frame.clone();
        lastService = name;
        return name;
    }

    static String serviceName(final byte[] frame) throws MalformedFrameException {
        if (frame.length == 0 || frame.length > Mdp.MAX_SERVICE_NAME_BYTES) {
            throw new MalformedFrameException("service name : " + frame.length + " bytes (expected: 1.."
                + Mdp.MAX_SERVICE_NAME_BYTES + " bytes)");
        }
        final String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(frame)).toString();
        } catch (CharacterCodingException ex) {
            throw new MalformedFrameException("service name : invalid UTF-8 (expected: printable UTF-8 text)", ex);
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new MalformedFrameException("service name : control character 0x" + Integer.toHexString(c)
                    + " at " + i + " (expected: printable UTF-8 text)");
            }
        }
        return name;
    }

    /** A frame for a log line: its first 16 bytes, printable ASCII as is and the rest escaped. */
    static String printable(final byte[] frame) {
        final StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < Math.min(frame.length, 16); i++) {
            final int b = frame[i] & 0xff;
            sb.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return sb.append(frame.length > 16 ? "...\" (" + frame.length + " bytes)" : "\"").toString();
    }
}
