package io.satbus.cli.bench;

import io.satbus.core.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The latency floor satbus is measured against: raw JeroMQ round trips over TCP loopback
 * through a bare proxy, four hops as satbus's generator -&gt; orchester -&gt; worker -&gt;
 * orchester -&gt; sink path has, with no satbus code in the way:
 * <pre>
 * DEALER ---tcp---&gt; ROUTER proxy thread DEALER ---tcp---&gt; ROUTER echo thread
 *        &lt;---------------------------------------------------  (the same way back)
 * </pre>
 * Each peer has a context (an I/O thread) of its own, as satbus's processes do. One request is
 * in flight at a time, with a pause between round trips ({@link #PAUSE_MICROS}) so that every
 * one starts from threads that were asleep, as at a moderate rate on a real bus.
 */
public final class RawZmqLatency {
    /** Pause between round trips, so each wakes sleeping threads: the case latency targets are about. */
    static final long PAUSE_MICROS = 500;
    private static final int TIMEOUT_MS = RawZmqPipe.TIMEOUT_MS;
    private static final long HIGHEST_US = TimeUnit.SECONDS.toMicros(10);

    private RawZmqLatency() {
    }

    /**
     * Round trips of {@code payloadBytes}-byte messages for {@code measureMs} after
     * {@code warmupMs}, in microseconds.
     */
    public static Histogram fourHopRoundTrips(final int payloadBytes, final long warmupMs, final long measureMs) {
        return roundTrips(payloadBytes, PAUSE_MICROS, warmupMs, measureMs);
    }

    /**
     * As {@link #fourHopRoundTrips}, one after the other with no pause: the shape of
     * {@link OrchesterLatency}'s, with a bare proxy thread where the orchester is.
     */
    public static Histogram backToBackRoundTrips(final int payloadBytes, final long warmupMs, final long measureMs) {
        return roundTrips(payloadBytes, 0, warmupMs, measureMs);
    }

    private static Histogram roundTrips(final int payloadBytes, final long pauseMicros, final long warmupMs,
                                        final long measureMs) {
        final Histogram h = new Histogram(HIGHEST_US, LatencyProbe.SIGNIFICANT_DIGITS);
        try (ZContext echoCtx = new ZContext(1); ZContext proxyCtx = new ZContext(1);
             ZContext clientCtx = new ZContext(1)) {
            final ZMQ.Socket echo = RawZmqPipe.socket(echoCtx, SocketType.ROUTER);
            echo.bind("tcp://127.0.0.1:*");
            final ZMQ.Socket front = RawZmqPipe.socket(proxyCtx, SocketType.ROUTER);
            front.bind("tcp://127.0.0.1:*");
            final ZMQ.Socket back = RawZmqPipe.socket(proxyCtx, SocketType.DEALER);
            back.connect(echo.getLastEndpoint());
            final ZMQ.Socket client = RawZmqPipe.socket(clientCtx, SocketType.DEALER);
            client.connect(front.getLastEndpoint());
            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread echoThread = daemon("satbus-bench-echo", () -> echo(echo, running));
            final Thread proxyThread = daemon("satbus-bench-latency-proxy", () -> proxy(proxyCtx, front, back, running));
            try {
                measure(client, payloadBytes, pauseMicros, warmupMs, measureMs, h);
            } finally {
                running.set(false);
                Threads.joinUninterruptibly(echoThread);
                Threads.joinUninterruptibly(proxyThread);
            }
        }
        return h;
    }

    private static void measure(final ZMQ.Socket client, final int payloadBytes, final long pauseMicros,
                                final long warmupMs, final long measureMs, final Histogram h) {
        final byte[] payload = new byte[payloadBytes];
        final byte[] buffer = new byte[Math.max(1, payloadBytes)];
        final long connectDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RawZmqBaseline.CONNECT_DEADLINE_MS);
        while (!client.send(payload, 0)) {
            if (System.nanoTime() > connectDeadline) {
                throw new IllegalStateException("raw JeroMQ round trip over 127.0.0.1 : not connected within "
                    + RawZmqBaseline.CONNECT_DEADLINE_MS + " ms (expected: connected within moments)");
            }
        }
        awaitAnswer(client, buffer, System.nanoTime());
        final long warmupEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMs);
        while (System.nanoTime() < warmupEnd) {
            roundTrip(client, payload, buffer, pauseMicros);
        }
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(measureMs);
        do { // at least one, however late this thread runs: an empty histogram says nothing
            h.recordValue(Math.min(roundTrip(client, payload, buffer, pauseMicros), HIGHEST_US));
        } while (System.nanoTime() < end);
    }

    /**
     * One round trip after a pause, in microseconds. It waits for its answer however long it
     * takes (up to {@code HIGHEST_US}): dropping slow ones would flatter the tail.
     */
    private static long roundTrip(final ZMQ.Socket client, final byte[] payload, final byte[] buffer,
                                  final long pauseMicros) {
        if (pauseMicros > 0) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(pauseMicros));
        }
        final long start = System.nanoTime();
        while (!client.send(payload, 0)) {
            checkDeadline(start);
        }
        return awaitAnswer(client, buffer, start);
    }

    private static long awaitAnswer(final ZMQ.Socket client, final byte[] buffer, final long start) {
        while (client.recv(buffer, 0, buffer.length, 0) < 0) {
            checkDeadline(start);
        }
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
    }

    private static void checkDeadline(final long start) {
        if (System.nanoTime() - start > TimeUnit.MICROSECONDS.toNanos(HIGHEST_US)) {
            throw new IllegalStateException("raw JeroMQ round trip over 127.0.0.1 : no answer within "
                + TimeUnit.MICROSECONDS.toMillis(HIGHEST_US) + " ms (expected: an echo)");
        }
    }

    /** Sends every message back whole, its routing frames first, as it came. */
    private static void echo(final ZMQ.Socket echo, final AtomicBoolean running) {
        final List<byte[]> frames = new ArrayList<>();
        while (running.get()) {
            final byte[] first = echo.recv(0);
            if (first == null) {
                continue;
            }
            frames.clear();
            frames.add(first);
            while (echo.hasReceiveMore()) {
                frames.add(echo.recv(0));
            }
            for (int i = 0; i < frames.size(); i++) {
                echo.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
            }
        }
    }

    /** Forwards whole messages both ways until {@code running} is false. */
    static void proxy(final ZContext ctx, final ZMQ.Socket front, final ZMQ.Socket back,
                              final AtomicBoolean running) {
        try (ZMQ.Poller poller = ctx.createPoller(2)) {
            poller.register(front, ZMQ.Poller.POLLIN);
            poller.register(back, ZMQ.Poller.POLLIN);
            while (running.get()) {
                if (poller.poll(TIMEOUT_MS) <= 0) {
                    continue;
                }
                if (poller.pollin(0)) {
                    forward(front, back);
                }
                if (poller.pollin(1)) {
                    forward(back, front);
                }
            }
        }
    }

    private static void forward(final ZMQ.Socket from, final ZMQ.Socket to) {
        byte[] frame;
        while ((frame = from.recv(ZMQ.DONTWAIT)) != null) {
            boolean more = from.hasReceiveMore();
            to.send(frame, more ? ZMQ.SNDMORE : 0);
            while (more) {
                frame = from.recv(0);
                more = from.hasReceiveMore();
                to.send(frame, more ? ZMQ.SNDMORE : 0);
            }
        }
    }

    private static Thread daemon(final String name, final Runnable r) {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
