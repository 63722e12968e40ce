package io.satbus.satellites.runtime;

import io.satbus.core.Endpoints;
import io.satbus.core.protocol.Mdp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
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
 * request    [""]["MDPC01"][service][envelope header][payload]
 * </pre>
 * Each {@link #connect} opens a new socket with a new identity (a new generation), so the
 * orchester sees a new worker; whatever the old one held is the orchester's to re-dispatch.
 *
 * <p>Nothing is sent before the connection is up: a socket monitor reports the end of the
 * ZMTP handshake, and only then does the link send READY and accept sends (a message written
 * to a DEALER whose first connection attempt fails can be lost with it). A connection that
 * drops after it was up is reported by {@link #pollEvents} so the caller replaces it.
 *
 * <p>NOT thread-safe: owned by the runtime thread. Time is passed in.
 */
final class ServiceLink {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] READY = {Mdp.READY};
    private static final byte[] HEARTBEAT = {Mdp.HEARTBEAT};
    private static final byte[] DISCONNECT = {Mdp.DISCONNECT};
    private static final byte[] REPLY = {Mdp.REPLY};
    private static final int MAX_IDENTITY_PREFIX = 200;
    /** The handshake deadline every satbus socket uses; see {@link Endpoints#HANDSHAKE_TIMEOUT_MS}. */
    static final int HANDSHAKE_IVL_MS = Endpoints.HANDSHAKE_TIMEOUT_MS;

    private static final AtomicLong MONITOR_SEQ = new AtomicLong();

    private final ZContext zmq;
    private final String endpoint;
    private final String identityPrefix;
    private final byte[] service;
    private final byte[] workerInfo;
    private final long heartbeatIntervalMs;
    private final long expiryMs;
    private final long maxMessageBytes;
    private final List<byte[]> frames = new ArrayList<>();
    private ZMQ.Socket socket;
    private ZMQ.Socket monitor;
    private boolean up;
    private int generation;
    private long lastHeardMs;
    private long lastWorkerSentMs;
    private boolean disconnected;

    /**
     * @param service    service to work for, or null for a client only
     * @param workerInfo worker info frame sent with READY (when {@code service} is set)
     */
    ServiceLink(final ZContext zmq, final String endpoint, final String identityPrefix, final String service,
                final byte[] workerInfo, final long heartbeatIntervalMs, final int heartbeatLiveness,
                final long maxMessageBytes) {
        this.zmq = zmq;
        this.endpoint = endpoint;
        this.identityPrefix = identityPrefix.length() > MAX_IDENTITY_PREFIX
            ? identityPrefix.substring(0, MAX_IDENTITY_PREFIX) : identityPrefix;
        this.service = service == null ? null : service.getBytes(StandardCharsets.UTF_8);
        this.workerInfo = workerInfo;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.expiryMs = heartbeatIntervalMs * heartbeatLiveness;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Opens a new socket, closing the old one at once; READY follows when the connection is up. */
    void connect(final long nowMs) {
        close(0);
        generation++;
        socket = zmq.createSocket(SocketType.DEALER);
        socket.setIdentity((identityPrefix + "." + Integer.toHexString(generation) + "."
            + Integer.toHexString(ThreadLocalRandom.current().nextInt())).getBytes(StandardCharsets.UTF_8));
        socket.setSndHWM(0);
        socket.setMaxMsgSize(maxMessageBytes);
        socket.setHandshakeIvl(HANDSHAKE_IVL_MS);
        // Unique in the process: satellites may share one context, where inproc names are shared too.
        final String monitorEndpoint = "inproc://satbus-link-" + MONITOR_SEQ.incrementAndGet();
        socket.monitor(monitorEndpoint, ZMQ.EVENT_HANDSHAKE_PROTOCOL | ZMQ.EVENT_DISCONNECTED);
        monitor = zmq.createSocket(SocketType.PAIR);
        monitor.connect(monitorEndpoint);
        socket.connect(endpoint);
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
        while ((event = ZEvent.recv(monitor, ZMQ.DONTWAIT)) != null) {
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

    /** True once the connection is up: sends are accepted. */
    boolean up() {
        return up;
    }

    private void sendReady(final long nowMs) {
        if (isWorker()) {
            socket.sendMore(EMPTY);
            socket.sendMore(Mdp.WORKER_BYTES);
            socket.sendMore(READY);
            socket.sendMore(service);
            socket.send(workerInfo);
            lastWorkerSentMs = nowMs;
        }
    }

    ZMQ.Socket socket() {
        return socket;
    }

    /** The socket monitor's receiving end, to poll alongside {@link #socket()}. */
    ZMQ.Socket monitor() {
        return monitor;
    }

    /** Increases with every {@link #connect}: a request is answered only on the connection it came by. */
    int generation() {
        return generation;
    }

    boolean isWorker() {
        return service != null;
    }

    /**
     * The next whole message, or null when none is waiting. The list is reused by the next call.
     * Anything received is a sign of life from the orchester.
     */
    List<byte[]> receive(final long nowMs) {
        byte[] frame = socket.recv(ZMQ.DONTWAIT);
        if (frame == null) {
            return null;
        }
        frames.clear();
        frames.add(frame);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        lastHeardMs = nowMs;
        return frames;
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
        if (!isWorker() || !up || disconnected) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, Math.min(lastWorkerSentMs + heartbeatIntervalMs, lastHeardMs + expiryMs) - nowMs);
    }

    void sendHeartbeat(final long nowMs) {
        socket.sendMore(EMPTY);
        socket.sendMore(Mdp.WORKER_BYTES);
        socket.send(HEARTBEAT);
        lastWorkerSentMs = nowMs;
    }

    /** Says goodbye as a worker: the orchester re-dispatches what this worker held. */
    void sendDisconnect() {
        if (isWorker() && up && !disconnected) {
            socket.sendMore(EMPTY);
            socket.sendMore(Mdp.WORKER_BYTES);
            socket.send(DISCONNECT);
            disconnected = true;
        }
    }

    boolean disconnected() {
        return disconnected;
    }

    void sendReply(final byte[] token, final byte[] replyHeader, final byte[] body1, final byte[] body2, final long nowMs) {
        socket.sendMore(EMPTY);
        socket.sendMore(Mdp.WORKER_BYTES);
        socket.sendMore(REPLY);
        socket.sendMore(token);
        socket.sendMore(EMPTY);
        if (body1 == null) {
            socket.send(replyHeader);
        } else if (body2 == null) {
            socket.sendMore(replyHeader);
            socket.send(body1);
        } else {
            socket.sendMore(replyHeader);
            socket.sendMore(body1);
            socket.send(body2);
        }
        lastWorkerSentMs = nowMs;
    }

    void sendRequest(final byte[] serviceName, final byte[] header, final byte[] payload) {
        socket.sendMore(EMPTY);
        socket.sendMore(Mdp.CLIENT_BYTES);
        socket.sendMore(serviceName);
        socket.sendMore(header);
        socket.send(payload);
    }

    void close(final int lingerMs) {
        if (socket != null) {
            socket.setLinger(lingerMs);
            socket.close();
            socket = null;
        }
        if (monitor != null) {
            monitor.setLinger(0);
            monitor.close();
            monitor = null;
        }
        up = false;
    }
}
