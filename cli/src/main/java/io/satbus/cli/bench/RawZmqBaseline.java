package io.satbus.cli.bench;

import java.util.concurrent.atomic.AtomicBoolean;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The ceilings satbus is measured against: raw JeroMQ on this machine, one-frame messages of
 * {@code payloadBytes} over TCP loopback, flat out, with the default high-water marks.
 *
 * <pre>
 * one hop    sender PUSH ---tcp---&gt; PULL receiver
 * two hops   sender PUSH ---tcp---&gt; PULL proxy thread PUSH ---tcp---&gt; PULL receiver
 * </pre>
 * Every peer has a ZeroMQ context (and so an I/O thread) of its own, as three processes would,
 * and as satbus's satellites and orchester have. The proxy and the receiver reuse one buffer;
 * the sender sends the same array again (JeroMQ copies nothing until it encodes).
 *
 * <p>Each call runs its threads to the end before it returns; calls are independent. The
 * calling thread is the receiver.
 */
public final class RawZmqBaseline {
    private static final String LOOPBACK = "tcp://127.0.0.1:*";
    /** How often a blocked send or receive looks at the stop flag. */
    private static final int STOP_CHECK_MS = 100;

    private RawZmqBaseline() {
    }

    /** Messages per second received through one hop, measured for {@code measureMs} after {@code warmupMs}. */
    public static double oneHop(final int payloadBytes, final long warmupMs, final long measureMs) {
        return run(payloadBytes, warmupMs, measureMs, false);
    }

    /** Messages per second received through two hops and a bare proxy thread. */
    public static double twoHops(final int payloadBytes, final long warmupMs, final long measureMs) {
        return run(payloadBytes, warmupMs, measureMs, true);
    }

    private static double run(final int payloadBytes, final long warmupMs, final long measureMs, final boolean proxied) {
        if (payloadBytes < 0) {
            throw new IllegalArgumentException("payload bytes : " + payloadBytes + " (expected: >= 0)");
        }
        final AtomicBoolean running = new AtomicBoolean(true);
        try (ZContext receiverContext = new ZContext(1); ZContext proxyContext = new ZContext(1);
             ZContext senderContext = new ZContext(1)) {
            final ZMQ.Socket in = socket(receiverContext, SocketType.PULL);
            in.setReceiveTimeOut(STOP_CHECK_MS);
            in.bind(LOOPBACK);
            String target = in.getLastEndpoint();
            Thread proxy = null;
            if (proxied) {
                final ZMQ.Socket front = socket(proxyContext, SocketType.PULL);
                front.setReceiveTimeOut(STOP_CHECK_MS);
                front.bind(LOOPBACK);
                final ZMQ.Socket back = socket(proxyContext, SocketType.PUSH);
                back.setSendTimeOut(STOP_CHECK_MS);
                back.connect(target);
                target = front.getLastEndpoint();
                proxy = thread("satbus-bench-proxy", () -> forward(front, back, payloadBytes, running));
            }
            final ZMQ.Socket out = socket(senderContext, SocketType.PUSH);
            out.setSendTimeOut(STOP_CHECK_MS);
            out.connect(target);
            final Thread sender = thread("satbus-bench-sender", () -> send(out, payloadBytes, running));
            try {
                return receive(in, payloadBytes, warmupMs, measureMs);
            } finally {
                running.set(false);
                join(sender);
                join(proxy);
            }
        }
    }

    private static ZMQ.Socket socket(final ZContext context, final SocketType type) {
        final ZMQ.Socket s = context.createSocket(type);
        s.setLinger(0);
        return s;
    }

    private static Thread thread(final String name, final Runnable body) {
        final Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void send(final ZMQ.Socket out, final int payloadBytes, final AtomicBoolean running) {
        final byte[] payload = new byte[payloadBytes];
        while (running.get()) {
            out.send(payload, 0);
        }
    }

    private static void forward(final ZMQ.Socket front, final ZMQ.Socket back, final int payloadBytes,
                                final AtomicBoolean running) {
        final byte[] buffer = new byte[Math.max(1, payloadBytes)];
        int pending = -1;
        while (running.get()) {
            if (pending < 0) {
                pending = front.recv(buffer, 0, buffer.length, 0);
            }
            if (pending >= 0 && back.send(buffer, 0, pending, 0)) {
                pending = -1;
            }
        }
    }

    private static double receive(final ZMQ.Socket in, final int payloadBytes, final long warmupMs,
                                  final long measureMs) {
        final byte[] buffer = new byte[Math.max(1, payloadBytes)];
        final long warmupEnd = System.nanoTime() + warmupMs * 1_000_000;
        while (System.nanoTime() < warmupEnd) {
            in.recv(buffer, 0, buffer.length, 0);
        }
        long received = 0;
        final long start = System.nanoTime();
        final long end = start + measureMs * 1_000_000;
        long now = start;
        while (now < end) {
            if (in.recv(buffer, 0, buffer.length, 0) < 0) {
                now = System.nanoTime();
            } else if ((++received & 0xff) == 0) {
                now = System.nanoTime();
            }
        }
        return received * 1e9 / (System.nanoTime() - start);
    }

    private static void join(final Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join(10 * STOP_CHECK_MS + 1000);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
