package io.satbus.cli.bench;

import io.satbus.core.Endpoints;
import io.satbus.core.Threads;
import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TrackerSpec;
import io.satbus.orchester.Orchester;
import io.satbus.orchester.OrchesterConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One request at a time through the orchester, back to back: a plain MDP/0.1 client, the
 * orchester (no tracker), a plain MDP worker that answers with the request's body, each with a
 * context (an I/O thread) of its own as three processes would have:
 * <pre>
 * client DEALER ---tcp---&gt; orchester ---tcp---&gt; worker DEALER (echo)
 *               &lt;--------------------------------  (the same way back)
 * </pre>
 * The same shape as {@link RawZmqLatency#backToBackRoundTrips}, with the orchester where the
 * bare proxy thread is: their ratio is what the orchester's routing adds to a round trip.
 */
final class OrchesterLatency {
    private static final String SERVICE = "bench.echo";
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] MDPC01 = "MDPC01".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MDPW01 = "MDPW01".getBytes(StandardCharsets.US_ASCII);
    private static final long HIGHEST_US = TimeUnit.SECONDS.toMicros(10);
    private static final long HEARTBEAT_MS = OrchesterSpec.DEFAULT_HEARTBEAT_INTERVAL_MS;

    private OrchesterLatency() {
    }

    /** Round trips of {@code payloadBytes}-byte requests for {@code measureMs} after {@code warmupMs}, in microseconds. */
    static Histogram backToBackRoundTrips(final int payloadBytes, final long warmupMs, final long measureMs) {
        final int[] ports = BenchTopology.freePorts();
        final Topology t = new Topology("bench-latency", "<bench>", new OrchesterSpec("127.0.0.1", ports[0], ports[1],
            ports[2], HEARTBEAT_MS, OrchesterSpec.DEFAULT_HEARTBEAT_LIVENESS, OrchesterSpec.DEFAULT_MAX_MESSAGE_BYTES),
            TrackerSpec.defaults(), Map.of());
        final String endpoint = Endpoints.tcp("127.0.0.1", ports[0]);
        final Histogram h = new Histogram(HIGHEST_US, LatencyProbe.SIGNIFICANT_DIGITS);
        final AtomicBoolean running = new AtomicBoolean(true);
        try (Orchester orchester = Orchester.start(OrchesterConfig.from(t)); ZContext clientCtx = new ZContext(1)) {
            final Thread worker = new Thread(() -> echo(endpoint, running), "satbus-bench-echo-worker");
            worker.setDaemon(true);
            worker.start();
            try {
                final ZMQ.Socket client = RawZmqPipe.socket(clientCtx, SocketType.DEALER);
                client.connect(endpoint);
                final byte[] payload = new byte[payloadBytes];
                final long warmupEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMs);
                roundTrip(client, payload, TimeUnit.MILLISECONDS.toMicros(RawZmqBaseline.CONNECT_DEADLINE_MS));
                while (System.nanoTime() < warmupEnd) {
                    roundTrip(client, payload, HIGHEST_US);
                }
                final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(measureMs);
                do {
                    h.recordValue(Math.min(roundTrip(client, payload, HIGHEST_US), HIGHEST_US));
                } while (System.nanoTime() < end);
            } finally {
                running.set(false);
                Threads.joinUninterruptibly(worker);
            }
        }
        return h;
    }

    /** One request and its reply, in microseconds; it waits up to {@code limitUs} (slow ones count, dropping them would flatter the tail). */
    private static long roundTrip(final ZMQ.Socket client, final byte[] payload, final long limitUs) {
        final long start = System.nanoTime();
        while (!client.send(EMPTY, ZMQ.SNDMORE)) { // not connected yet: the first request waits for it
            checkLimit(start, limitUs);
        }
        client.send(MDPC01, ZMQ.SNDMORE);
        client.send(SERVICE, ZMQ.SNDMORE);
        client.send(payload, 0);
        while (client.recv(0) == null) {
            checkLimit(start, limitUs);
        }
        while (client.hasReceiveMore()) {
            client.recv(0);
        }
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
    }

    private static void checkLimit(final long start, final long limitUs) {
        if (System.nanoTime() - start > TimeUnit.MICROSECONDS.toNanos(limitUs)) {
            throw new IllegalStateException("round trip through the orchester on 127.0.0.1 : no reply within "
                + TimeUnit.MICROSECONDS.toMillis(limitUs) + " ms (expected: the echo worker's)");
        }
    }

    /** A plain MDP worker: READY, HEARTBEAT every heartbeat interval, each REQUEST's body sent back as its REPLY. */
    private static void echo(final String endpoint, final AtomicBoolean running) {
        try (ZContext ctx = new ZContext(1)) {
            final ZMQ.Socket w = RawZmqPipe.socket(ctx, SocketType.DEALER);
            w.connect(endpoint);
            ready(w);
            long lastSent = System.nanoTime();
            final List<byte[]> m = new ArrayList<>();
            while (running.get()) {
                if (System.nanoTime() - lastSent > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MS)) {
                    send(w, EMPTY, MDPW01, new byte[] {0x04});
                    lastSent = System.nanoTime();
                }
                final byte[] first = w.recv(0);
                if (first == null) {
                    continue;
                }
                m.clear();
                m.add(first);
                while (w.hasReceiveMore()) {
                    m.add(w.recv(0));
                }
                if (m.size() < 3 || m.get(2).length != 1) {
                    continue;
                }
                if (m.get(2)[0] == 0x02 && m.size() >= 5) { // [""][MDPW01][REQUEST][client][""][body...]
                    final byte[][] reply = new byte[m.size()][];
                    reply[0] = EMPTY;
                    reply[1] = MDPW01;
                    reply[2] = new byte[] {0x03};
                    for (int i = 3; i < m.size(); i++) {
                        reply[i] = m.get(i);
                    }
                    send(w, reply);
                    lastSent = System.nanoTime();
                } else if (m.get(2)[0] == 0x05) { // DISCONNECT: register again
                    ready(w);
                    lastSent = System.nanoTime();
                }
            }
        }
    }

    private static void ready(final ZMQ.Socket w) {
        send(w, EMPTY, MDPW01, new byte[] {0x01}, SERVICE.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(final ZMQ.Socket s, final byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            s.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }
}
