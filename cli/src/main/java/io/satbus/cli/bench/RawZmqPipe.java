package io.satbus.cli.bench;

import io.satbus.core.Endpoints;
import java.util.concurrent.atomic.AtomicBoolean;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A raw JeroMQ path over TCP loopback for one-frame messages of a fixed size, one hop or two:
 * <pre>
 * one hop    PUSH ---tcp---&gt; PULL
 * two hops   PUSH ---tcp---&gt; PULL proxy thread PUSH ---tcp---&gt; PULL
 * </pre>
 * Every peer has a ZeroMQ context (and so an I/O thread) of its own, as three processes would,
 * and as satbus's satellites and orchester have. The proxy and the receiver reuse one buffer;
 * the sender sends the same array again.
 *
 * <p>One thread may call {@link #send()}, one (possibly another) {@link #receive()}; each owns its
 * socket. {@link #close()} after both have stopped.
 */
public final class RawZmqPipe implements AutoCloseable {
    /** How long a blocked send or receive waits before it returns, so callers can look at a stop flag. */
    public static final int TIMEOUT_MS = 100;
    private static final String LOOPBACK = "tcp://127.0.0.1:*";

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ZContext receiverContext = new ZContext(1);
    private final ZContext proxyContext = new ZContext(1);
    private final ZContext senderContext = new ZContext(1);
    private final ZMQ.Socket in;
    private final ZMQ.Socket out;
    private final Thread proxy;
    private final byte[] payload;
    private final byte[] buffer;

    private RawZmqPipe(final int hops, final int payloadBytes) {
        if (hops != 1 && hops != 2) {
            throw new IllegalArgumentException("hops : " + hops + " (expected: 1 or 2)");
        }
        if (payloadBytes < 0) {
            throw new IllegalArgumentException("payload bytes : " + payloadBytes + " (expected: >= 0)");
        }
        payload = new byte[payloadBytes];
        buffer = new byte[Math.max(1, payloadBytes)];
        in = socket(receiverContext, SocketType.PULL);
        in.bind(LOOPBACK);
        String target = in.getLastEndpoint();
        if (hops == 2) {
            final ZMQ.Socket front = socket(proxyContext, SocketType.PULL);
            front.bind(LOOPBACK);
            final ZMQ.Socket back = socket(proxyContext, SocketType.PUSH);
            back.connect(target);
            target = front.getLastEndpoint();
            proxy = new Thread(() -> forward(front, back), "satbus-bench-proxy");
            proxy.setDaemon(true);
            proxy.start();
        } else {
            proxy = null;
        }
        out = socket(senderContext, SocketType.PUSH);
        out.connect(target);
    }

    /** Opens a path of {@code hops} (1 or 2) for {@code payloadBytes}-byte messages. */
    public static RawZmqPipe open(final int hops, final int payloadBytes) {
        return new RawZmqPipe(hops, payloadBytes);
    }

    /** Sends one message; false when it could not within {@link #TIMEOUT_MS}. Sender thread only. */
    public boolean send() {
        return out.send(payload, 0);
    }

    /** Receives one message; its size, or -1 when none came within {@link #TIMEOUT_MS}. Receiver thread only. */
    public int receive() {
        return in.recv(buffer, 0, buffer.length, 0);
    }

    /**
     * A socket of {@code type} in {@code context} as every raw baseline uses it: no linger, sends
     * and receives that give up after {@link #TIMEOUT_MS}, and a handshake deadline.
     */
    static ZMQ.Socket socket(final ZContext context, final SocketType type) {
        final ZMQ.Socket s = context.createSocket(type);
        s.setLinger(0);
        s.setSendTimeOut(TIMEOUT_MS);
        s.setReceiveTimeOut(TIMEOUT_MS);
        // As satbus's own sockets do: a connection whose handshake stalls is dropped and retried.
        s.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS);
        return s;
    }

    private void forward(final ZMQ.Socket front, final ZMQ.Socket back) {
        final byte[] b = new byte[buffer.length];
        int pending = -1;
        while (running.get()) {
            if (pending < 0) {
                pending = front.recv(b, 0, b.length, 0);
            }
            if (pending >= 0 && back.send(b, 0, pending, 0)) {
                pending = -1;
            }
        }
    }

    /** Stops the proxy and closes every socket; call once the sender and receiver have stopped. */
    @Override
    public void close() {
        running.set(false);
        if (proxy != null) {
            try {
                proxy.join(10L * TIMEOUT_MS + 1000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        senderContext.close();
        proxyContext.close();
        receiverContext.close();
    }
}
