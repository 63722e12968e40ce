package io.satbus.cli.bench;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ceilings satbus is measured against: raw JeroMQ on this machine ({@link RawZmqPipe}),
 * one-frame messages flat out over TCP loopback with the default high-water marks, one hop and
 * two hops through a bare proxy thread. A sender thread sends; the calling thread receives and
 * counts. Each call runs its threads to the end before it returns.
 */
public final class RawZmqBaseline {
    /** How long the path may take to carry its first message before the baseline gives up. */
    static final long CONNECT_DEADLINE_MS = 30_000;

    private RawZmqBaseline() {
    }

    /** Messages per second received through one hop, measured for {@code measureMs} after {@code warmupMs}. */
    public static double oneHop(final int payloadBytes, final long warmupMs, final long measureMs) {
        return run(1, payloadBytes, warmupMs, measureMs);
    }

    /** Messages per second received through two hops and a bare proxy thread. */
    public static double twoHops(final int payloadBytes, final long warmupMs, final long measureMs) {
        return run(2, payloadBytes, warmupMs, measureMs);
    }

    private static double run(final int hops, final int payloadBytes, final long warmupMs, final long measureMs) {
        final AtomicBoolean running = new AtomicBoolean(true);
        try (RawZmqPipe pipe = RawZmqPipe.open(hops, payloadBytes)) {
            final Thread sender = new Thread(() -> {
                while (running.get()) {
                    pipe.send();
                }
            }, "satbus-bench-sender");
            sender.setDaemon(true);
            sender.start();
            try {
                return receive(pipe, warmupMs, measureMs);
            } finally {
                running.set(false);
                try {
                    sender.join(10L * RawZmqPipe.TIMEOUT_MS + 1000);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static double receive(final RawZmqPipe pipe, final long warmupMs, final long measureMs) {
        awaitFirst(pipe);
        final long warmupEnd = System.nanoTime() + warmupMs * 1_000_000;
        while (System.nanoTime() < warmupEnd) {
            pipe.receive();
        }
        long received = 0;
        final long start = System.nanoTime();
        final long end = start + measureMs * 1_000_000;
        long now = start;
        while (now < end) {
            if (pipe.receive() < 0) {
                now = System.nanoTime();
            } else if ((++received & 0xff) == 0) {
                now = System.nanoTime();
            }
        }
        return received * 1e9 / (System.nanoTime() - start);
    }

    /**
     * Waits until the path carries its first message, so that connecting (which on a loaded machine
     * can take longer than a short warm-up) is never counted as time the path had and did not use.
     */
    private static void awaitFirst(final RawZmqPipe pipe) {
        final long deadline = System.nanoTime() + CONNECT_DEADLINE_MS * 1_000_000;
        while (pipe.receive() < 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("raw JeroMQ path over 127.0.0.1 : no message within "
                    + CONNECT_DEADLINE_MS + " ms (expected: the first within moments of connecting)");
            }
        }
    }
}
