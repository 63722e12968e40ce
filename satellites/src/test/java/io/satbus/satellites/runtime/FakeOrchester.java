package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.DispatchToken;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TrackerSpec;
import io.satbus.testing.RawMdp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Raw JeroMQ sockets playing the orchester's part: a ROUTER on the service port, an XSUB on the
 * pub port and an XPUB on the sub port, all on 127.0.0.1 random ports. Test thread only.
 *
 * <p>Satellites send in batches ({@code [identity][""]["SATB01"][batch]}); the service helpers
 * ({@link #nextService}, {@link #nextNonHeartbeat}...) return a batch's messages one by one as
 * {@code [identity][""][...]}, as if each had come on its own; {@link RawMdp#receive} reads its
 * sockets raw.
 */
final class FakeOrchester implements AutoCloseable {
    static final long RECEIVE_TIMEOUT_MS = 5000;

    final ZContext zmq = new ZContext(1);
    final ZMQ.Socket router = zmq.createSocket(SocketType.ROUTER);
    final ZMQ.Socket xsub = zmq.createSocket(SocketType.XSUB);
    final ZMQ.Socket xpub = zmq.createSocket(SocketType.XPUB);
    final int servicePort;
    final int pubPort;
    final int subPort;
    /** Messages of a batch received but not returned yet, each [identity][""][...]. */
    private final ArrayDeque<List<byte[]>> unbatched = new ArrayDeque<>();

    FakeOrchester() {
        for (ZMQ.Socket s : List.of(router, xsub, xpub)) {
            s.setLinger(0);
        }
        servicePort = router.bindToRandomPort("tcp://127.0.0.1");
        pubPort = xsub.bindToRandomPort("tcp://127.0.0.1");
        subPort = xpub.bindToRandomPort("tcp://127.0.0.1");
        xsub.send(new byte[] {1});
    }

    /**
     * This fake sends nothing unless its test tells it to, so a runtime under test hears silence
     * whenever the test thread is busy or stalled: the liveness a test's topology gets by default
     * forgives 20 heartbeats of it, lest the runtime reconnect (with a new identity, giving up its
     * sends) in the middle of a test that is not about silence.
     */
    static final int LIVENESS = 20;

    Topology topology(final long heartbeatIntervalMs, final SatelliteSpec... satellites) {
        return topology(heartbeatIntervalMs, LIVENESS, satellites);
    }

    Topology topology(final long heartbeatIntervalMs, final int liveness, final SatelliteSpec... satellites) {
        final Map<String, SatelliteSpec> byName = new LinkedHashMap<>();
        for (SatelliteSpec s : satellites) {
            byName.put(s.name(), s);
        }
        final OrchesterSpec o = new OrchesterSpec("127.0.0.1", servicePort, pubPort, subPort, heartbeatIntervalMs, liveness,
            OrchesterSpec.DEFAULT_MAX_MESSAGE_BYTES);
        return new Topology("t", "<test>", o, TrackerSpec.defaults(), byName);
    }

    /** The next service message within {@code timeoutMs}, a batch's one by one; [identity] first; or null. */
    List<byte[]> nextService(final long timeoutMs) {
        if (unbatched.isEmpty()) {
            final List<byte[]> raw = RawMdp.receive(router, timeoutMs);
            if (raw == null || !Batch.isBatch(raw, 1)) {
                return raw;
            }
            unbatched.addAll(unpack(raw));
        }
        return unbatched.poll();
    }

    /** The messages of the batch {@code [identity][""]["SATB01"][batch]}, each as [identity][""][...]. */
    static List<List<byte[]>> unpack(final List<byte[]> raw) {
        final Batch.Reader reader = new Batch.Reader(Batch.MAX_FRAMES);
        final List<List<byte[]>> messages = new ArrayList<>();
        try {
            reader.reset(raw.get(3));
            while (reader.hasNext()) {
                final List<byte[]> m = new ArrayList<>(List.of(raw.get(0), new byte[0]));
                reader.next(m);
                messages.add(m);
            }
        } catch (MalformedFrameException e) {
            throw new AssertionError("a malformed batch from the satellite: " + e.getMessage(), e);
        }
        return messages;
    }

    /** The next service message that is not a HEARTBEAT; [identity] comes first. */
    List<byte[]> nextNonHeartbeat() {
        final List<byte[]> f = nextNonHeartbeatWithin(RECEIVE_TIMEOUT_MS);
        if (f == null) {
            throw new AssertionError("no service message but heartbeats within " + RECEIVE_TIMEOUT_MS + " ms");
        }
        return f;
    }

    /** The next service message that is not a HEARTBEAT, or null if none comes within {@code ms}. */
    List<byte[]> nextNonHeartbeatWithin(final long ms) {
        final long deadline = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < deadline) {
            final List<byte[]> f = nextService(Math.max(1, deadline - System.currentTimeMillis()));
            if (f != null && !isWorkerCommand(f, Mdp.HEARTBEAT)) {
                return f;
            }
        }
        return null;
    }

    /** Waits for READY and returns the worker's identity. */
    byte[] awaitReady() {
        final List<byte[]> f = nextNonHeartbeat();
        assertWorkerCommand(f, Mdp.READY);
        return f.get(0);
    }

    static boolean isWorkerCommand(final List<byte[]> f, final byte command) {
        return f.size() >= 4 && f.get(1).length == 0 && Arrays.equals(f.get(2), Mdp.WORKER_BYTES)
            && f.get(3).length == 1 && f.get(3)[0] == command;
    }

    static void assertWorkerCommand(final List<byte[]> f, final byte command) {
        assertNotNull(f, "expected " + Mdp.commandName(command));
        assertEquals(0, f.get(1).length, "empty delimiter");
        assertEquals(Mdp.WORKER, new String(f.get(2), StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[] {command}, f.get(3),
            "command " + Mdp.commandName(f.get(3).length == 1 ? f.get(3)[0] : 0));
    }

    void send(final byte[]... frames) {
        for (int i = 0; i < frames.length - 1; i++) {
            router.sendMore(frames[i]);
        }
        router.send(frames[frames.length - 1]);
    }

    /** REQUEST [identity][""][MDPW01][0x02][token][""][body...]. */
    byte[] request(final byte[] identity, final long dispatchId, final byte[]... body) {
        final List<byte[]> frames = new ArrayList<>(List.of(identity, new byte[0]));
        final byte[] token = addRequest(frames, dispatchId, body);
        send(frames.toArray(new byte[0][]));
        return token;
    }

    /** Appends REQUEST [MDPW01][0x02][token][""][body...] to {@code frames}; returns the token. */
    static byte[] addRequest(final List<byte[]> frames, final long dispatchId, final byte[]... body) {
        final byte[] token = DispatchToken.encode(dispatchId, 1);
        frames.addAll(List.of(Mdp.WORKER_BYTES, new byte[] {Mdp.REQUEST}, token, new byte[0]));
        frames.addAll(List.of(body));
        return token;
    }

    /** Sends {@code batchFrame} as the orchester sends a batch: [identity][""]["SATB01"][batch]. */
    void sendBatch(final byte[] identity, final byte[] batchFrame) {
        send(identity, new byte[0], Batch.PROTOCOL_BYTES, batchFrame);
    }

    /** Acknowledges a client request as the orchester forwards an ok reply: [""][MDPC01][service][header][payload]. */
    void ack(final byte[] identity, final String service, final Envelope request) {
        final Envelope reply = new Envelope(request.id(), "t", "sink", 0, 1, 0, Envelope.DEFAULT_CONTENT_TYPE, Map.of(),
            new byte[0]);
        send(identity, new byte[0], Mdp.CLIENT_BYTES, service.getBytes(StandardCharsets.UTF_8),
            EnvelopeCodec.encodeHeader(reply), new byte[0]);
    }

    void sendWorkerCommand(final byte[] identity, final byte command) {
        send(identity, new byte[0], Mdp.WORKER_BYTES, new byte[] {command});
    }

    static Envelope envelope(final long id, final String payload) {
        return new Envelope(id, "t", "client", 0, 1, 1_000_000L, "text/plain", Map.of(),
            payload.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        zmq.close();
    }
}
