package io.satbus.tracker;

import com.codahale.metrics.Counter;
import io.satbus.core.Endpoints;
import io.satbus.core.topology.Topology;
import io.satbus.orchester.Orchester;
import io.satbus.orchester.OrchesterConfig;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.testing.RawMdp;
import io.satbus.testing.RawSatbusWorker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * An orchester with its tracker, on free ports of 127.0.0.1: in one process over inproc (as the
 * cli runs them), or over TCP (as {@code satbus tracker} on another host), plus a SUB on the
 * dead-letter topic that is known to be subscribed. Used by the one test thread that made it.
 */
final class TrackedBus implements AutoCloseable {
    static final long WAIT_MS = 15_000;

    final ZContext ctx = new ZContext();
    final Topology topology;
    Tracker tracker;
    final Orchester orchester;
    final String serviceEndpoint;
    final ZMQ.Socket deadLetters;
    private final List<RawSatbusWorker> workers = new ArrayList<>();

    private TrackedBus(final Topology topology, final boolean overTcp) {
        this.topology = topology;
        final TrackerConfig tc = TrackerConfig.from(topology);
        final OrchesterConfig oc = OrchesterConfig.from(topology);
        if (overTcp) {
            tracker = Tracker.start(tc, Endpoints.tcp(Ports.HOST, Ports.freePort()));
            orchester = Orchester.start(oc, tracker.endpoint());
        } else {
            tracker = Tracker.start(tc, ctx, Endpoints.trackerInproc(topology.name()));
            orchester = Orchester.start(oc, ctx, tracker.endpoint());
        }
        serviceEndpoint = Endpoints.tcp(Ports.HOST, oc.servicePort());
        deadLetters = ctx.createSocket(SocketType.SUB);
        deadLetters.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS); // as satbus's own sockets: JeroMQ may leave a fresh connection without a handshake
        deadLetters.setLinger(0);
        deadLetters.subscribe(oc.deadLetterTopic().getBytes(StandardCharsets.UTF_8));
        deadLetters.connect(Endpoints.tcp(Ports.HOST, oc.subPort()));
        awaitSubscription(oc);
    }

    /**
     * Stops the tracker and starts a new one on the same TCP endpoint, as an operator restarting
     * {@code satbus tracker} would; the orchester keeps running.
     */
    void restartTracker() {
        final String endpoint = tracker.endpoint();
        tracker.close();
        // The closed socket may hold its port for a moment: start again until the port is free, as an operator would.
        final TrackerBindException[] last = {null};
        Eventually.waitUntil("a new tracker bound to " + endpoint, WAIT_MS, () -> {
            try {
                tracker = Tracker.start(TrackerConfig.from(topology), endpoint);
                return true;
            } catch (TrackerBindException stillTaken) {
                last[0] = stillTaken;
                return false;
            }
        }, () -> String.valueOf(last[0]));
    }

    static TrackedBus inProcess(final Topology topology) {
        return new TrackedBus(topology, false);
    }

    static TrackedBus overTcp(final Topology topology) {
        return new TrackedBus(topology, true);
    }

    /** Publishes probes until one arrives: then the XPUB knows the SUB. */
    private void awaitSubscription(final OrchesterConfig oc) {
        final ZMQ.Socket pub = ctx.createSocket(SocketType.PUB);
        pub.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS); // as satbus's own sockets: JeroMQ may leave a fresh connection without a handshake
        pub.setLinger(0);
        pub.connect(Endpoints.tcp(Ports.HOST, oc.pubPort()));
        // A peer may not publish under the dead-letter topic: probe on a topic subscribed after it
        // (subscriptions travel in order, so once a probe arrives the dead-letter one is known too).
        final byte[] probe = "probe.subscribed".getBytes(StandardCharsets.UTF_8);
        deadLetters.subscribe(probe);
        Eventually.waitUntil("a probe through the topic proxy", WAIT_MS, () -> {
            pub.send(probe, ZMQ.SNDMORE);
            pub.send(new byte[] {1}, 0);
            return RawMdp.receive(deadLetters, 10) != null;
        });
        deadLetters.unsubscribe(probe);
        while (RawMdp.receive(deadLetters, 50) != null) {
            // drain the other probes
        }
        ctx.destroySocket(pub);
    }

    /** Every dead letter that arrives within {@code quietMs} of the previous one (or of the call). */
    List<List<byte[]>> deadLetters(final int expected, final long timeoutMs) {
        final List<List<byte[]>> out = new ArrayList<>();
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (out.size() < expected && System.currentTimeMillis() < deadline) {
            final List<byte[]> m = RawMdp.receive(deadLetters, 50);
            if (m != null) {
                out.add(m);
            }
        }
        List<byte[]> extra;
        while ((extra = RawMdp.receive(deadLetters, 200)) != null) {
            out.add(extra);
        }
        return out;
    }

    long count(final String metric) {
        final Counter c = tracker.registry().getCounters().get("satbus." + topology.name() + "." + metric);
        return c == null ? 0 : c.getCount();
    }

    long gauge(final String metric) {
        return (Long) tracker.registry().getGauges().get("satbus." + topology.name() + "." + metric).getValue();
    }

    void awaitWorkers(final int n) {
        Eventually.waitUntil(n + " workers registered", WAIT_MS, () -> orchester.status().workers() == n);
    }

    /** {@code w}, to be stopped before the context closes. */
    RawSatbusWorker closeLater(final RawSatbusWorker w) {
        workers.add(w);
        return w;
    }

    @Override
    public void close() throws InterruptedException {
        for (final RawSatbusWorker w : workers) {
            w.close();
        }
        orchester.close();
        tracker.close();
        ctx.close();
    }
}
