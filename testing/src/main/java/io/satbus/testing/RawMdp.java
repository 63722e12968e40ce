package io.satbus.testing;

import io.satbus.core.Endpoints;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Plain Majordomo 0.1 peers written from rfc.zeromq.org spec 7 with raw JeroMQ sockets, on
 * purpose without any satbus code: if these work, any MDP/0.1 peer does. Each is used by the
 * one test thread that created it.
 */
public final class RawMdp {
    public static final byte[] EMPTY = new byte[0];
    public static final byte[] MDPC01 = "MDPC01".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] MDPW01 = "MDPW01".getBytes(StandardCharsets.US_ASCII);

    private RawMdp() {
    }

    public static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(final byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    public static void send(final ZMQ.Socket s, final byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            s.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** The next whole message, or null when none arrives within {@code timeoutMs}. */
    public static List<byte[]> receive(final ZMQ.Socket s, final long timeoutMs) {
        s.setReceiveTimeOut((int) Math.max(1, timeoutMs));
        final byte[] first = s.recv(0);
        if (first == null) {
            return null;
        }
        final List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (s.hasReceiveMore()) {
            frames.add(s.recv(0));
        }
        return frames;
    }

    /** A DEALER client: [""]["MDPC01"][service][body...] out, the same shape back. */
    public static final class Client implements AutoCloseable {
        public final ZMQ.Socket socket;

        public Client(final ZContext ctx, final String endpoint) {
            this(ctx, endpoint, s -> { });
        }

        /** With {@code setup} applied to the socket before it connects (CURVE keys). */
        public Client(final ZContext ctx, final String endpoint, final java.util.function.Consumer<ZMQ.Socket> setup) {
            socket = ctx.createSocket(SocketType.DEALER);
            setup.accept(socket);
            socket.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS); // as satbus's own sockets: JeroMQ may leave a fresh connection without a handshake
            socket.setLinger(0);
            socket.connect(endpoint);
        }

        public void request(final String service, final byte[]... body) {
            final byte[][] frames = new byte[3 + body.length][];
            frames[0] = EMPTY;
            frames[1] = MDPC01;
            frames[2] = utf8(service);
            System.arraycopy(body, 0, frames, 3, body.length);
            send(socket, frames);
        }

        /** Sends {@code body} (UTF-8, one frame) to {@code service}. */
        public void request(final String service, final String body) {
            request(service, utf8(body));
        }

        /** The body of the next reply, whatever its service (its frames after the service, joined as UTF-8), or null on timeout. */
        public String replyText(final long timeoutMs) {
            final List<byte[]> m = receive(socket, timeoutMs);
            if (m == null) {
                return null;
            }
            final StringBuilder b = new StringBuilder();
            for (final byte[] f : m.subList(Math.min(3, m.size()), m.size())) {
                b.append(text(f));
            }
            return b.toString();
        }

        /** The body frames of the next reply to {@code service}, or null on timeout. */
        public List<byte[]> reply(final String service, final long timeoutMs) {
            final List<byte[]> m = receive(socket, timeoutMs);
            if (m == null) {
                return null;
            }
            if (m.size() < 3 || m.get(0).length != 0 || !Arrays.equals(m.get(1), MDPC01)
                || !service.equals(text(m.get(2)))) {
                throw new AssertionError("not an MDPC01 reply from " + service + ": " + m.size() + " frames");
            }
            return m.subList(3, m.size());
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A DEALER worker: READY on creation; heartbeats while it waits for a request. */
    public static final class Worker implements AutoCloseable {
        public final ZMQ.Socket socket;
        public final long heartbeatMs;
        private long lastSentMs;
        public int disconnectsReceived;

        public Worker(final ZContext ctx, final String endpoint, final String service, final long heartbeatMs,
               final byte[]... extraReadyFrames) {
            this(ctx, s -> { }, endpoint, service, heartbeatMs, extraReadyFrames);
        }

        /** With {@code setup} applied to the socket before it connects (CURVE keys). */
        public Worker(final ZContext ctx, final java.util.function.Consumer<ZMQ.Socket> setup, final String endpoint,
               final String service, final long heartbeatMs, final byte[]... extraReadyFrames) {
            this.heartbeatMs = heartbeatMs;
            socket = ctx.createSocket(SocketType.DEALER);
            setup.accept(socket);
            socket.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS); // as satbus's own sockets: JeroMQ may leave a fresh connection without a handshake
            socket.setLinger(0);
            socket.connect(endpoint);
            final byte[][] ready = new byte[4 + extraReadyFrames.length][];
            ready[0] = EMPTY;
            ready[1] = MDPW01;
            ready[2] = new byte[] {0x01};
            ready[3] = utf8(service);
            System.arraycopy(extraReadyFrames, 0, ready, 4, extraReadyFrames.length);
            send(socket, ready);
            lastSentMs = System.currentTimeMillis();
        }

        /**
         * Waits up to {@code timeoutMs} for a REQUEST, heartbeating meanwhile; returns
         * [reply-to, body...] or null. Broker HEARTBEATs are absorbed.
         */
        public List<byte[]> nextRequest(final long timeoutMs) {
            final long deadline = System.currentTimeMillis() + timeoutMs;
            while (true) {
                final long now = System.currentTimeMillis();
                if (now - lastSentMs >= heartbeatMs) {
                    send(socket, EMPTY, MDPW01, new byte[] {0x04});
                    lastSentMs = now;
                }
                if (now >= deadline) {
                    return null;
                }
                final List<byte[]> m = receive(socket, Math.min(deadline - now, Math.max(1, heartbeatMs / 2)));
                if (m == null) {
                    continue;
                }
                if (m.size() < 3 || m.get(0).length != 0 || !Arrays.equals(m.get(1), MDPW01) || m.get(2).length != 1) {
                    throw new AssertionError("not an MDPW01 command: " + m.size() + " frames");
                }
                switch (m.get(2)[0]) {
                    case 0x02 -> {
                        if (m.size() < 5 || m.get(4).length != 0) {
                            throw new AssertionError("REQUEST without [reply-to][\"\"]: " + m.size() + " frames");
                        }
                        final List<byte[]> out = new ArrayList<>();
                        out.add(m.get(3));
                        out.addAll(m.subList(5, m.size()));
                        return out;
                    }
                    case 0x04 -> {
                    }
                    case 0x05 -> disconnectsReceived++;
                    default -> throw new AssertionError("unexpected command 0x" + Integer.toHexString(m.get(2)[0]));
                }
            }
        }

        public void reply(final byte[] replyTo, final byte[]... body) {
            final byte[][] frames = new byte[5 + body.length][];
            frames[0] = EMPTY;
            frames[1] = MDPW01;
            frames[2] = new byte[] {0x03};
            frames[3] = replyTo;
            frames[4] = EMPTY;
            System.arraycopy(body, 0, frames, 5, body.length);
            send(socket, frames);
            lastSentMs = System.currentTimeMillis();
        }

        public void disconnect() {
            send(socket, EMPTY, MDPW01, new byte[] {0x05});
        }

        /** Closes the socket without DISCONNECT, like a crashed process. */
        @Override
        public void close() {
            socket.close();
        }
    }
}
