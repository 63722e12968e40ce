package io.satbus.tracker;

import io.satbus.core.Endpoints;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A plain MDP/0.1 client on a DEALER, used by the one test thread that created it. */
final class RawClient implements AutoCloseable {
    private final ZMQ.Socket socket;

    RawClient(final ZContext ctx, final String endpoint) {
        socket = ctx.createSocket(SocketType.DEALER);
        socket.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS); // as satbus's own sockets: JeroMQ may leave a fresh connection without a handshake
        socket.setLinger(0);
        socket.connect(endpoint);
    }

    void request(final String service, final String body) {
        socket.send(new byte[0], ZMQ.SNDMORE);
        socket.send("MDPC01".getBytes(StandardCharsets.US_ASCII), ZMQ.SNDMORE);
        socket.send(service.getBytes(StandardCharsets.UTF_8), ZMQ.SNDMORE);
        socket.send(body.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** The body of the next reply (frames after the service, joined), or null within {@code timeoutMs}. */
    String reply(final long timeoutMs) {
        final List<byte[]> m = receive(socket, timeoutMs);
        if (m == null) {
            return null;
        }
        final StringBuilder b = new StringBuilder();
        for (final byte[] f : m.subList(3, m.size())) {
            b.append(new String(f, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    static List<byte[]> receive(final ZMQ.Socket s, final long timeoutMs) {
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

    @Override
    public void close() {
        socket.close();
    }
}
