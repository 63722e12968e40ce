package io.satbus.satellites.runtime;

import io.satbus.core.Endpoints;
import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.zmq.ReceiveBuffers;
import io.satbus.core.zmq.SendBuffers;
import io.satbus.core.zmq.SocketMonitor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * The DEALER to the orchester's service endpoint, used both as MDP worker and as MDP client,
 * with the worker side's heartbeat bookkeeping. Frames it sends:
 * <pre>
 * READY      [""]["MDPW01"][0x01][service][worker info]
 * HEARTBEAT  [""]["MDPW01"][0x04]
 * DISCONNECT [""]["MDPW01"][0x05]
 * REPLY      [""]["MDPW01"][0x03][reply-to][""][reply header][body...]
 * PROGRESS   [""]["MDPW01"][0x06][reply-to]
 * request    [""]["MDPC01"][service][envelope header][payload]
 * </pre>
 * Each {@link #connect} opens a new socket with a new identity (a new generation), so the
 * orchester sees a new worker; whatever the old one held is the orchester's to re-dispatch.
 *
 * <p>Batches (docs/protocol.md 2.6): each of these messages, without its leading empty frame,
 * is appended to the pending batch, which {@link #flush} sends as one ZeroMQ message
 * {@code [""]["SATB01"][batch]}. The caller flushes at the end of each round of its loop and
 * before it waits; a message that does not fit the pending batch flushes it first, and one
 * larger than a whole batch goes on its own, unbatched, after it, so nothing overtakes what
 * was queued before. {@link #receive} takes plain messages and batches alike and returns a
 * batch's messages one by one, each with its empty frame, as if each had come on its own.
 *
 * <p>Nothing is sent before the connection is up: a socket monitor reports the end of the
 * ZMTP handshake, and only then does the link send READY and accept sends (a message written
 * to a DEALER whose first connection attempt fails can be lost with it). A connection that
 * drops after it was up is reported by {@link #pollEvents} so the caller replaces it.
 *
 * <p>With an orchester pair (Binary Star) the link knows both service endpoints and each
 * {@link #connect} after the first turns to the other one, as the guide's Binary Star client
 * does: the active orchester dropped, fell silent or was passive and refused (DISCONNECT), so the
 * other one is the one to try. A connection that is not up within the expiry
 * ({@link #connectTimedOut}) is given up for the other too, and ZMTP heartbeats close a
 * connection to an orchester whose host no longer answers, so that a client that only sends
 * notices it as well.
 *
 * <p>NOT thread-safe: owned by the runtime thread. Time is passed in.
 */
final class ServiceLink {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] READY = {Mdp.READY};
    private static final byte[] HEARTBEAT = {Mdp.HEARTBEAT};
    private static final byte[] DISCONNECT = {Mdp.DISCONNECT};
    private static final byte[] REPLY = {Mdp.REPLY};
    private static final byte[] PROGRESS = {Mdp.PROGRESS};
    private static final int MAX_IDENTITY_PREFIX = 200;
    /** Most bytes of receive buffers, and of send buffers, a link keeps for its next batches. */
    static final long POOLED_BYTES = 1024 * 1024;
    /** A new send buffer's size; the batch writer grows it as needed, and it comes back grown. */
    static final int SEND_BUFFER_BYTES = 8192;
    /** The smallest limit {@link Batch.Writer} takes: one message of one empty frame. */
    private static final int MIN_BATCH_LIMIT_BYTES = 6;
    /** The handshake deadline every satbus socket uses; see {@link Endpoints#HANDSHAKE_TIMEOUT_MS}. */
    static final int HANDSHAKE_IVL_MS = Endpoints.HANDSHAKE_TIMEOUT_MS;

    private final ZContext zmq;
    /** The orchester's service endpoint, then its backup's when paired. */
    private final List<String> endpoints;
    /** Index in {@link #endpoints} of the one this link connects to. */
    private int current = -1;
    private long connectedAtMs;
    /** How long the current connection may wait to come up before {@link #notUpWarningDue} answers again. */
    private long nextNotUpWarningMs;
    private final String identityPrefix;
    private final byte[] service;
    private final byte[] workerInfo;
    private final long heartbeatIntervalMs;
    private final long expiryMs;
    private final long maxMessageBytes;
    private final List<byte[]> frames = new ArrayList<>();
    /** The message being sent, without its leading empty frame. */
    private final Batch.Parts outgoing = new Batch.Parts();
    /** An acknowledgement's header, written for each and copied into the batch at once. */
    private final byte[] ackHeader = new byte[EnvelopeCodec.ACK_HEADER_BYTES];
    private final Batch.Writer pending;
    /** Runs before anything is written to the socket: the instance's state reaches its files first. */
    private final Runnable beforeSend;
    private final Batch.Reader batchReader = new Batch.Reader(Mdp.MAX_FRAMES);
    /**
     * The message of a batch being returned by {@link #receive}, its empty frame re-added, read in
     * place: a header that is only decoded is never copied out of the batch.
     */
    private final Batch.Frames unpacked = new Batch.Frames(batchReader, EMPTY);
    /** What the socket reads batches into (not when secured: CURVE decrypts into messages of its own). */
    private final ReceiveBuffers buffers = new ReceiveBuffers(Batch.DEFAULT_LIMIT_BYTES, POOLED_BYTES);
    /** What batches are sent from as they are (not when secured: CURVE encrypts into messages of its own). */
    private final SendBuffers sendBuffers = new SendBuffers(SEND_BUFFER_BYTES, POOLED_BYTES);
    /** The batch {@link #batchReader} reads when it was received into {@link #buffers}; given back once read. */
    private zmq.Msg pooledBatch;
    /** True while {@link #batchReader} reads a batch of the current socket. */
    private boolean readingBatch;
    private long pendingSinceMs;
    private ZMQ.Socket socket;
    private SocketMonitor monitor;
    private boolean up;
    private int generation;
    private long lastHeardMs;
    private long lastWorkerSentMs;
    private boolean disconnected;
    /** Applied to every new socket before it connects: CURVE keys when security is on. */
    private Consumer<ZMQ.Socket> secure = s -> { };
    private boolean secured;

    /**
     * @param endpoints  the orchester's service endpoint, and its backup's when paired
     * @param service    service to work for, or null for a client only
     * @param workerInfo worker info frame sent with READY (when {@code service} is set)
     */
    ServiceLink(final ZContext zmq, final List<String> endpoints, final String identityPrefix, final String service,
                final byte[] workerInfo, final long heartbeatIntervalMs, final int heartbeatLiveness,
                final long maxMessageBytes, final Runnable beforeSend) {
        this.zmq = zmq;
        this.beforeSend = beforeSend;
        if (endpoints.isEmpty() || endpoints.size() > 2) {
            throw new IllegalArgumentException("endpoints : " + endpoints + " (expected: one orchester, or a pair)");
        }
        this.endpoints = List.copyOf(endpoints);
        this.identityPrefix = identityPrefix.length() > MAX_IDENTITY_PREFIX
            ? identityPrefix.substring(0, MAX_IDENTITY_PREFIX) : identityPrefix;
        this.service = service == null ? null : service.getBytes(StandardCharsets.UTF_8);
        this.workerInfo = workerInfo;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.expiryMs = heartbeatIntervalMs * heartbeatLiveness;
        this.maxMessageBytes = maxMessageBytes;
        this.pending = new Batch.Writer(batchLimitBytes(maxMessageBytes));
    }

    /**
     * A batch frame never exceeds the largest message the orchester accepts. Below the least
     * a writer takes, nothing real fits: every message then goes unbatched.
     */
    private static int batchLimitBytes(final long maxMessageBytes) {
        final long limit = maxMessageBytes > 0 ? Math.min(Batch.DEFAULT_LIMIT_BYTES, maxMessageBytes)
            : Batch.DEFAULT_LIMIT_BYTES;
        return (int) Math.max(MIN_BATCH_LIMIT_BYTES, limit);
    }

    /** Batches sent from {@link #sendBuffers} and given back by JeroMQ once written: none on a secured link. */
    long sendBuffersGivenBack() {
        return sendBuffers.givenBack();
    }

    /** Batches received into {@link #buffers} so far: none on a secured link, which cannot use them. */
    long receiveBuffersTaken() {
        return buffers.taken();
    }

    /** Every socket opened from now on speaks CURVE as {@code secure} sets it up (docs/security.md). */
    void secure(final Consumer<ZMQ.Socket> setup) {
        this.secure = setup;
        this.secured = true;
    }

    /**
     * Opens a new socket, closing the old one at once; READY follows when the connection is up.
     * What was pending or left unread belonged to the old connection and is dropped with it.
     */
    void connect(final long nowMs) {
        close(0);
        generation++;
        current = (current + 1) % endpoints.size();
        connectedAtMs = nowMs;
        nextNotUpWarningMs = expiryMs;
        socket = zmq.createSocket(SocketType.DEALER);
        socket.setIdentity((identityPrefix + "." + Integer.toHexString(generation) + "."
            + Integer.toHexString(ThreadLocalRandom.current().nextInt())).getBytes(StandardCharsets.UTF_8));
        socket.setSndHWM(0);
        socket.setMaxMsgSize(maxMessageBytes);
        socket.setHandshakeIvl(HANDSHAKE_IVL_MS);
        if (paired()) {
            socket.setHeartbeatIvl((int) Math.min(Integer.MAX_VALUE, heartbeatIntervalMs));
            socket.setHeartbeatTimeout((int) Math.min(Integer.MAX_VALUE, expiryMs));
        }
        if (!secured) {
            socket.setMsgAllocator(buffers);
        }
        secure.accept(socket);
        monitor = new SocketMonitor(zmq, socket, ZMQ.EVENT_HANDSHAKE_PROTOCOL | ZMQ.EVENT_DISCONNECTED);
        socket.connect(endpoints.get(current));
        up = false;
        lastHeardMs = nowMs;
        disconnected = false;
    }

    /**
     * Reads the socket monitor's events: when the handshake completes the link is up (and a
     * worker sends READY). Returns false when a connection that was up has dropped: the caller
     * should {@link #connect} anew. A drop before the link was up is ZeroMQ's to retry.
     */
    boolean pollEvents(final long nowMs) {
        ZEvent event;
        while ((event = monitor.next()) != null) {
            if (event.getEvent() == ZMonitor.Event.HANDSHAKE_PROTOCOL && !up) {
                up = true;
                lastHeardMs = nowMs;
                sendReady(nowMs);
            } else if (event.getEvent() == ZMonitor.Event.DISCONNECTED && up) {
                return false;
            }
        }
        return true;
    }

    /** True when the link knows an orchester pair: each connect turns to the other one. */
    boolean paired() {
        return endpoints.size() > 1;
    }

    /** The endpoint this link connects to now. */
    String endpoint() {
        return endpoints.get(Math.max(0, current));
    }

    /**
     * True when, with an orchester pair, the connection has not come up within the expiry: the
     * orchester there is gone (its host, or its process not started again); turn to the other.
     */
    boolean connectTimedOut(final long nowMs) {
        return paired() && !up && socket != null && nowMs - connectedAtMs >= expiryMs;
    }

    /**
     * Without a pair (where {@link #connectTimedOut} turns to the other orchester instead): how
     * long the current connection has waited to come up, when a warning is due (once the wait
     * reaches the expiry, then each time it doubles), else -1. ZeroMQ keeps trying meanwhile.
     */
    long notUpWarningDue(final long nowMs) {
        if (paired() || up || socket == null || nowMs - connectedAtMs < nextNotUpWarningMs) {
            return -1;
        }
        final long waited = nowMs - connectedAtMs;
        nextNotUpWarningMs = 2 * waited;
        return waited;
    }

    /** True once the connection is up: sends are accepted. */
    boolean up() {
        return up;
    }

    private void sendReady(final long nowMs) {
        if (isWorker()) {
            outgoing.add(Mdp.WORKER_BYTES);
            outgoing.add(READY);
            outgoing.add(service);
            outgoing.add(workerInfo);
            enqueue(nowMs);
            lastWorkerSentMs = nowMs;
        }
    }

    ZMQ.Socket socket() {
        return socket;
    }

    /** The socket monitor's receiving end, to poll alongside {@link #socket()}. */
    ZMQ.Socket monitor() {
        return monitor.reader();
    }

    /** Increases with every {@link #connect}: a request is answered only on the connection it came by. */
    int generation() {
        return generation;
    }

    boolean isWorker() {
        return service != null;
    }

    /**
     * The next whole message, or null when none is waiting: the rest of a batch first, one
     * message at a time, then the socket. A batch's message comes with its empty frame re-added,
     * in the shape of a plain one, its frames read in place ({@link Batch.Frames}). The list,
     * and the batch it may lie in, are good until the next call. Anything received is a sign of
     * life from the orchester.
     *
     * @throws MalformedFrameException when a batch is empty or its next message is cut short;
     *                                 the rest of that batch is dropped, the next call goes on
     */
    List<byte[]> receive(final long nowMs) throws MalformedFrameException {
        if (!readingBatch || !batchReader.hasNext()) {
            endBatch();
            zmq.Msg frame = socket.recvMsg(ZMQ.DONTWAIT);
            if (frame == null) {
                return null;
            }
            frames.clear();
            while (true) {
                final boolean more = socket.hasReceiveMore();
                if (!more && Batch.leadsABatch(frames, 0) && ReceiveBuffers.pooled(frame)) {
                    pooledBatch = frame;
                } else {
                    frames.add(buffers.copyOut(frame));
                }
                if (!more) {
                    break;
                }
                frame = socket.recvMsg(0);
            }
            lastHeardMs = nowMs;
            if (pooledBatch != null) {
                batchReader.reset(pooledBatch.buf().array(), pooledBatch.size());
            } else if (Batch.isBatch(frames, 0)) {
                batchReader.reset(frames.get(2));
            } else {
                return frames;
            }
            readingBatch = true;
        }
        unpacked.read();
        return unpacked;
    }

    /** True when the worker side should send a HEARTBEAT: it has sent the orchester nothing for an interval. */
    boolean heartbeatDue(final long nowMs) {
        return isWorker() && up && !disconnected && nowMs - lastWorkerSentMs >= heartbeatIntervalMs;
    }

    /** True when the orchester has been silent for interval x liveness (worker side only). */
    boolean orchesterSilent(final long nowMs) {
        return isWorker() && up && !disconnected && nowMs - lastHeardMs >= expiryMs;
    }

    /** Milliseconds until the next heartbeat or liveness check is due, for the idle wait. */
    long msUntilTimer(final long nowMs) {
        if (paired() && !up && socket != null) {
            return Math.max(0, connectedAtMs + expiryMs - nowMs);
        }
        if (!isWorker() || !up || disconnected) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, Math.min(lastWorkerSentMs + heartbeatIntervalMs, lastHeardMs + expiryMs) - nowMs);
    }

    void sendHeartbeat(final long nowMs) {
        outgoing.add(Mdp.WORKER_BYTES);
        outgoing.add(HEARTBEAT);
        enqueue(nowMs);
        lastWorkerSentMs = nowMs;
    }

    /**
     * Says goodbye as a worker: the orchester re-dispatches what this worker held. Flushes at
     * once, behind whatever was pending: nothing follows it.
     */
    void sendDisconnect(final long nowMs) {
        if (isWorker() && up && !disconnected) {
            outgoing.add(Mdp.WORKER_BYTES);
            outgoing.add(DISCONNECT);
            enqueue(nowMs);
            flush();
            disconnected = true;
        }
    }

    boolean disconnected() {
        return disconnected;
    }

    /** Queues a REPLY; it counts as sent now, for the heartbeat, and goes out with the batch. */
    void sendReply(final byte[] token, final byte[] replyHeader, final byte[] body1, final byte[] body2, final long nowMs) {
        outgoing.add(Mdp.WORKER_BYTES);
        outgoing.add(REPLY);
        outgoing.add(token);
        outgoing.add(EMPTY);
        outgoing.add(replyHeader);
        if (body1 != null) {
            outgoing.add(body1);
            if (body2 != null) {
                outgoing.add(body2);
            }
        }
        enqueue(nowMs);
        lastWorkerSentMs = nowMs;
    }

    /**
     * Queues a REPLY that acknowledges request {@code id} (docs/protocol.md 2.3): {@code status},
     * the header of the id alone, an empty payload.
     */
    void sendAck(final byte[] token, final byte[] status, final long id, final long nowMs) {
        outgoing.add(Mdp.WORKER_BYTES);
        outgoing.add(REPLY);
        outgoing.add(token);
        outgoing.add(EMPTY);
        outgoing.add(status);
        EnvelopeCodec.encodeAckHeader(id, ackHeader);
        outgoing.addRange(ackHeader, 0, ackHeader.length);
        outgoing.add(EMPTY);
        enqueue(nowMs);
        lastWorkerSentMs = nowMs;
    }

    /** Queues a PROGRESS for a request this worker holds: its deadline starts over. */
    void sendProgress(final byte[] token, final long nowMs) {
        outgoing.add(Mdp.WORKER_BYTES);
        outgoing.add(PROGRESS);
        outgoing.add(token);
        enqueue(nowMs);
        lastWorkerSentMs = nowMs;
    }

    void sendRequest(final byte[] serviceName, final byte[] header, final byte[] payload, final long nowMs) {
        outgoing.add(Mdp.CLIENT_BYTES);
        outgoing.add(serviceName);
        outgoing.add(header);
        outgoing.add(payload);
        enqueue(nowMs);
    }

    /**
     * {@link #sendRequest(byte[], byte[], byte[], long)} of {@code message}, its header encoded
     * into this thread's packer buffer and copied from there into the batch: nothing between
     * the two encodes a header on this thread.
     */
    void sendRequest(final byte[] serviceName, final Envelope message, final long nowMs) {
        outgoing.add(Mdp.CLIENT_BYTES);
        outgoing.add(serviceName);
        EnvelopeCodec.encodeHeaderInto(message, outgoing);
        outgoing.add(message.payload());
        enqueue(nowMs);
    }

    /**
     * Appends {@link #outgoing} to the pending batch, flushing it first when full; a message too
     * large for any batch follows the flushed one on its own.
     */
    private void enqueue(final long nowMs) {
        if (!pending.offer(outgoing, 0)) {
            flush();
            if (!pending.offer(outgoing, 0)) {
                sendPlain();
                outgoing.clear();
                return;
            }
        }
        if (pending.messages() == 1) {
            pendingSinceMs = nowMs;
        }
        outgoing.clear();
    }

    private void sendPlain() {
        beforeSend.run();
        socket.sendMore(EMPTY);
        final int last = outgoing.size() - 1;
        for (int i = 0; i < last; i++) {
            socket.sendMore(outgoing.get(i));
        }
        socket.send(outgoing.get(last));
    }

    /** Sends the pending batch, if any, as one ZeroMQ message; returns how many messages it held. */
    int flush() {
        final int n = pending.messages();
        if (n == 0) {
            return 0;
        }
        beforeSend.run();
        socket.sendMore(EMPTY);
        socket.sendMore(Batch.PROTOCOL_BYTES);
        if (secured) {
            // JeroMQ copies the range into a message of its own, so the writer's buffer is free again at once.
            socket.send(pending.array(), 0, pending.size(), 0);
            pending.clear();
        } else {
            // The buffer goes as it is and is JeroMQ's until written; the writer carries on in another.
            socket.sendMsg(sendBuffers.message(pending.array(), pending.size()));
            pending.clear(sendBuffers.take());
        }
        return n;
    }

    /**
     * Flushes when the pending batch's first message has waited {@code maxHoldMs} or more: for a
     * round whose callbacks take long, so what they sent early does not wait for the round's end.
     */
    void flushIfHeld(final long nowMs, final long maxHoldMs) {
        if (!pending.isEmpty() && nowMs - pendingSinceMs >= maxHoldMs) {
            flush();
        }
    }

    /** Closes the socket; with a linger the pending batch is flushed first, without one it is dropped. */
    void close(final int lingerMs) {
        // The monitor first: an event of the closing socket sent to no reader would block
        // JeroMQ's I/O thread, and with it every other socket of the context (SocketMonitor).
        if (monitor != null) {
            monitor.close();
            monitor = null;
        }
        if (socket != null) {
            if (lingerMs > 0) {
                flush();
            }
            socket.setLinger(lingerMs);
            socket.close();
            socket = null;
        }
        pending.clear();
        outgoing.clear();
        endBatch();
        up = false;
    }

    /**
     * Done with the batch being read (or dropping it): every frame handed out was a copy, so its
     * receive buffer is free for the next message.
     */
    private void endBatch() {
        readingBatch = false;
        batchReader.clear();
        if (pooledBatch != null) {
            buffers.release(pooledBatch);
            pooledBatch = null;
        }
    }
}
