package io.satbus.testing;

import io.satbus.core.Endpoints;
import io.satbus.core.envelope.Reply;
import io.satbus.core.protocol.WorkerInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A satbus worker written from docs/protocol.md with raw JeroMQ, on a thread of its own that
 * creates, uses and closes its DEALER (no satellite SDK: the tracker must not depend on it).
 * READY with worker info, heartbeats, and for each request the steps its {@link Behaviour} plans:
 * reply ok, reply error, PROGRESS, each after a delay; no step at all means it never replies.
 */
public final class RawSatbusWorker implements AutoCloseable {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] MDPW01 = "MDPW01".getBytes(StandardCharsets.US_ASCII);

    public enum Kind { OK, ERROR, PROGRESS }

    /** Do {@code kind} {@code delayMs} after the request arrived. */
    public record Step(long delayMs, Kind kind, String text) {
        public static Step ok(final long delayMs) {
            return new Step(delayMs, Kind.OK, "");
        }

        public static Step error(final String text) {
            return new Step(0, Kind.ERROR, text);
        }

        public static Step progress(final long delayMs) {
            return new Step(delayMs, Kind.PROGRESS, "");
        }
    }

    /** What to do with a request whose (joined) body is {@code body}; called on the worker's thread. */
    @FunctionalInterface
    public interface Behaviour {
        List<Step> plan(String body, int attempt);
    }

    private record Due(long atMs, byte[] token, Step step, String body) {
    }

    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean crash = new AtomicBoolean();
    private final AtomicBoolean ready = new AtomicBoolean();
    public final AtomicInteger received = new AtomicInteger();
    /** Bodies of requests this worker replied "ok" to. */
    public final List<String> answered = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Bodies of requests this worker planned never to answer. */
    public final List<String> swallowed = java.util.Collections.synchronizedList(new ArrayList<>());

    public RawSatbusWorker(final ZContext ctx, final String endpoint, final String service, final String satellite,
                    final int instance, final int credit, final long heartbeatMs, final Behaviour behaviour) {
        thread = new Thread(() -> run(ctx, endpoint, service, new WorkerInfo(satellite, instance, credit), heartbeatMs,
            behaviour), "raw-worker-" + satellite + "-" + instance);
        thread.setDaemon(true);
        thread.start();
        Eventually.waitUntil("worker socket", 5000, ready::get);
    }

    private void run(final ZContext ctx, final String endpoint, final String service, final WorkerInfo info,
                     final long heartbeatMs, final Behaviour behaviour) {
        final ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
        s.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS); // as satbus's own sockets: JeroMQ may leave a fresh connection without a handshake
        s.setLinger(0);
        s.connect(endpoint);
        send(s, EMPTY, MDPW01, new byte[] {0x01}, service.getBytes(StandardCharsets.UTF_8), info.encode());
        ready.set(true);
        long lastSentMs = System.currentTimeMillis();
        final List<Due> due = new ArrayList<>();
        s.setReceiveTimeOut(5);
        while (running.get() && !crash.get()) {
            final long now = System.currentTimeMillis();
            for (final Iterator<Due> it = due.iterator(); it.hasNext(); ) {
                final Due d = it.next();
                if (d.atMs() <= now) {
                    it.remove();
                    act(s, d);
                    lastSentMs = now;
                }
            }
            if (now - lastSentMs >= heartbeatMs) {
                send(s, EMPTY, MDPW01, new byte[] {0x04});
                lastSentMs = now;
            }
            final byte[] first = s.recv(0);
            if (first == null) {
                continue;
            }
            final List<byte[]> m = new ArrayList<>();
            m.add(first);
            while (s.hasReceiveMore()) {
                m.add(s.recv(0));
            }
            if (m.size() >= 5 && Arrays.equals(m.get(1), MDPW01) && m.get(2)[0] == 0x02) {
                received.incrementAndGet();
                final byte[] token = m.get(3);
                final StringBuilder body = new StringBuilder();
                for (final byte[] f : m.subList(5, m.size())) {
                    body.append(new String(f, StandardCharsets.UTF_8));
                }
                final int attempt = java.nio.ByteBuffer.wrap(token).getInt(8);
                final List<Step> steps = behaviour.plan(body.toString(), attempt);
                if (steps.isEmpty()) {
                    swallowed.add(body.toString());
                }
                for (final Step st : steps) {
                    due.add(new Due(now + st.delayMs(), token, st, body.toString()));
                }
            }
        }
        if (running.get() && !crash.get()) {
            send(s, EMPTY, MDPW01, new byte[] {0x05});
        }
        ctx.destroySocket(s); // a crash: closed without DISCONNECT
    }

    private void act(final ZMQ.Socket s, final Due d) {
        switch (d.step().kind()) {
            case PROGRESS -> send(s, EMPTY, MDPW01, new byte[] {0x06}, d.token());
            case OK -> {
                send(s, EMPTY, MDPW01, new byte[] {0x03}, d.token(), EMPTY, Reply.OK.encode(),
                    ("re:" + d.body()).getBytes(StandardCharsets.UTF_8));
                answered.add(d.body());
            }
            case ERROR -> send(s, EMPTY, MDPW01, new byte[] {0x03}, d.token(), EMPTY,
                Reply.error(d.step().text()).encode());
        }
    }

    private static void send(final ZMQ.Socket s, final byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            s.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** Closes the socket without DISCONNECT, as a killed process would, and waits for the thread. */
    public void crash() throws InterruptedException {
        crash.set(true);
        thread.join(5000);
    }

    /** Sends DISCONNECT (unless crashed), closes the socket and waits for the thread. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
    }
}
