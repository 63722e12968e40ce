package io.satbus.satellites.runtime;

import static io.satbus.satellites.runtime.FakeOrchester.assertWorkerCommand;
import static io.satbus.satellites.runtime.FakeOrchester.envelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.envelope.Reply;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Source;
import io.satbus.satellites.builtin.Generator;
import io.satbus.satellites.builtin.Transformer;
import io.satbus.testing.Eventually;
import io.satbus.testing.RawMdp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client side (sends, acknowledgements, the send window) and topics, against raw sockets. */
class SatelliteRuntimeClientTest {
    private final FakeOrchester orchester = new FakeOrchester();
    private SatelliteRuntime runtime;
    private byte[] lastIdentity;

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
        orchester.close();
    }

    /** A client request: [identity][""][MDPC01][service][header][payload]. */
    private Envelope nextRequest(final String service) throws Exception {
        final List<byte[]> f = orchester.nextNonHeartbeat();
        assertEquals(6, f.size(), "[identity][\"\"][MDPC01][service][header][payload]");
        assertEquals(0, f.get(1).length);
        assertEquals(Mdp.CLIENT, new String(f.get(2), StandardCharsets.US_ASCII));
        assertEquals(service, new String(f.get(3), StandardCharsets.UTF_8));
        lastIdentity = f.get(0);
        return EnvelopeCodec.decode(f.get(4), f.get(5));
    }

    private SatelliteRuntime startGenerator(final Map<String, Object> config, final RuntimeSettings settings) {
        final SatelliteSpec spec = Specs.source("gen", "upper", config);
        final Topology topology = orchester.topology(1000, spec);
        runtime = SatelliteRuntime.start(topology, spec, 0, new Generator(), Path.of("."), settings);
        return runtime;
    }

    @Test
    @Timeout(20)
    void sendsClientRequestsWithDecodableEnvelopes() throws Exception {
        final long before = System.currentTimeMillis() * 1000;
        final SatelliteSpec spec = Specs.source("gen", "upper", Map.of("count", 3, "payload_size", 0));
        startGenerator(spec.config(), RuntimeSettings.forTopology(orchester.topology(1000, spec)));
        final Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            final Envelope e = nextRequest("upper");
            assertEquals("t", e.topology());
            assertEquals("gen", e.origin());
            assertEquals(0, e.instance());
            assertEquals(1, e.attempt());
            assertEquals(Generator.DEFAULT_CONTENT_TYPE, e.contentType());
            assertTrue(e.createdAtUs() >= before && e.createdAtUs() <= System.currentTimeMillis() * 1000 + 1000);
            assertEquals("hello " + i, new String(e.payload(), StandardCharsets.UTF_8));
            ids.add(e.id());
            orchester.ack(lastIdentity, "upper", e);
        }
        assertEquals(3, ids.size(), "distinct ids");
        Eventually.waitUntil("drained", 10_000, runtime::isDrained, () -> runtime.stats().toString());
        assertEquals(3, runtime.stats().sent());
        assertEquals(3, runtime.stats().acked());
        assertTrue(runtime.stats().done());
    }

    @Test
    @Timeout(20)
    void blocksSendsWhileTheWindowIsFullAndResumesOnAcks() throws Exception {
        final SatelliteSpec spec = Specs.source("gen", "upper", Map.of("count", 10));
        startGenerator(spec.config(), RuntimeSettings.forTopology(orchester.topology(1000, spec)).withSendWindow(3));
        final List<Envelope> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(nextRequest("upper"));
        }
        assertNull(orchester.nextNonHeartbeatWithin(300), "a 4th send with a window of 3");
        assertEquals(3, runtime.stats().outstanding());

        orchester.ack(lastIdentity, "upper", waiting.remove(0));
        waiting.add(nextRequest("upper"));
        assertNull(orchester.nextNonHeartbeatWithin(200), "one ack makes room for one send");

        int received = 4;
        while (!waiting.isEmpty()) {
            orchester.ack(lastIdentity, "upper", waiting.remove(0));
            if (received < 10) {
                waiting.add(nextRequest("upper"));
                received++;
            }
        }
        Eventually.waitUntil("drained", 10_000, runtime::isDrained, () -> runtime.stats().toString());
        assertEquals(10, runtime.stats().acked());
    }

    @Test
    @Timeout(20)
    void keepsSendsWhoseAckIsLongOverdue() throws Exception {
        final SatelliteSpec spec = Specs.source("gen", "upper", Map.of("count", 2));
        startGenerator(spec.config(), RuntimeSettings.forTopology(orchester.topology(1000, spec)).withAckTimeoutMs(100));
        nextRequest("upper");
        final Envelope second = nextRequest("upper");
        assertNull(orchester.nextNonHeartbeatWithin(500), "nothing more to send");
        assertEquals(2, runtime.stats().outstanding(), "kept past the ack timeout: custody is never given up");
        assertEquals(0, runtime.stats().lost());
        assertFalse(runtime.isDrained());
        orchester.ack(lastIdentity, "upper", second);
        Eventually.waitUntil("one left", 10_000, () -> runtime.stats().outstanding() == 1, () -> runtime.stats().toString());
    }

    @Test
    @Timeout(20)
    void stopWaitsForOutstandingAcks() throws Exception {
        final SatelliteSpec spec = Specs.source("gen", "upper", Map.of("count", 0, "rate", 1000));
        startGenerator(spec.config(), RuntimeSettings.forTopology(orchester.topology(1000, spec)).withSendWindow(2));
        final Envelope first = nextRequest("upper");
        final Envelope second = nextRequest("upper");
        Eventually.waitUntil("window full", 10_000, () -> runtime.stats().outstanding() == 2);

        final CompletableFuture<Void> stopped = CompletableFuture.runAsync(runtime::stop);
        assertNull(orchester.nextNonHeartbeatWithin(200), "no new sends while stopping");
        assertFalse(stopped.isDone(), "stop waits for acknowledgements");
        orchester.ack(lastIdentity, "upper", first);
        orchester.ack(lastIdentity, "upper", second);
        // A send the source was blocked in when the stop came goes out once there is room, and is waited for too.
        final List<byte[]> inProgress = orchester.nextNonHeartbeatWithin(1000);
        if (inProgress != null) {
            orchester.ack(inProgress.get(0), "upper", EnvelopeCodec.decode(inProgress.get(4), inProgress.get(5)));
        }
        stopped.join();
        assertEquals(runtime.stats().sent(), runtime.stats().acked(), runtime.stats().toString());
        assertTrue(runtime.stats().sent() <= 3, "no new message after the stop: " + runtime.stats());
        assertEquals(0, runtime.stats().lost());
    }

    @Test
    @Timeout(20)
    void transformerForwardsTheSameMessageIdAndAcknowledges() throws Exception {
        final SatelliteSpec spec = new SatelliteSpec("upper", "transformer", null, null, 1, "upper", "sink",
            List.of(), List.of(), 5, 0, -1, Map.of("op", "upper"));
        runtime = SatelliteRuntime.start(orchester.topology(1000, spec), spec, 0, new Transformer(), Path.of("."));
        final byte[] worker = orchester.awaitReady();
        final Envelope request = new Envelope(0xfedcba9876543210L, "t", "gen", 3, 1, 123_456L, "text/plain",
            Map.of("trace", "abc"), "hello 7".getBytes(StandardCharsets.UTF_8));
        orchester.request(worker, 1, EnvelopeCodec.encodeHeader(request), request.payload());

        final List<byte[]> forwarded = orchester.nextNonHeartbeat();
        assertEquals(Mdp.CLIENT, new String(forwarded.get(2), StandardCharsets.US_ASCII));
        assertEquals("sink", new String(forwarded.get(3), StandardCharsets.UTF_8));
        final Envelope out = EnvelopeCodec.decode(forwarded.get(4), forwarded.get(5));
        assertEquals(request.id(), out.id());
        assertEquals(request.createdAtUs(), out.createdAtUs());
        assertEquals(Map.of("trace", "abc"), out.headers());
        assertEquals("upper", out.origin());
        assertEquals("HELLO 7", new String(out.payload(), StandardCharsets.UTF_8));
        assertNull(orchester.nextNonHeartbeatWithin(200), "the reply waits for the forwarded message's acknowledgement");

        orchester.ack(forwarded.get(0), "sink", out);
        final List<byte[]> reply = orchester.nextNonHeartbeat();
        assertWorkerCommand(reply, Mdp.REPLY);
        assertEquals(Reply.OK, Reply.decode(reply.get(6)));
        assertEquals(request.id(), EnvelopeCodec.decodeId(reply.get(7)));
        assertEquals(EnvelopeCodec.ACK_HEADER_BYTES, reply.get(7).length, "an acknowledgement: its id alone");
        assertEquals(0, reply.get(8).length);
    }

    @Test
    @Timeout(20)
    void publishesOnTopicsAndDeliversSubscribedMessages() throws Exception {
        final List<Envelope> seen = new CopyOnWriteArrayList<>();
        final SatelliteSpec spec = Specs.topics("relay", List.of("events.out"), List.of("events.in"));
        runtime = SatelliteRuntime.start(orchester.topology(1000, spec), spec, 0, new Source() {
            @Override
            public int produce(final Output out) {
                out.publish("tick".getBytes(StandardCharsets.UTF_8));
                return 1;
            }

            @Override
            public void onMessage(final Envelope message, final Output out) {
                seen.add(message);
            }
        }, Path.of("."));

        final List<byte[]> published = RawMdp.receive(orchester.xsub, 5000);
        assertNotNull(published, "a published message");
        assertEquals(3, published.size(), "[topic][header][payload]");
        assertEquals("events.out", new String(published.get(0), StandardCharsets.UTF_8));
        final Envelope e = EnvelopeCodec.decode(published.get(1), published.get(2));
        assertEquals("relay", e.origin());
        assertEquals("tick", new String(e.payload(), StandardCharsets.UTF_8));

        final List<byte[]> subscription = RawMdp.receive(orchester.xpub, 5000);
        assertEquals("\u0001events.in", new String(subscription.get(0), StandardCharsets.UTF_8));
        orchester.xpub.sendMore("events.in.x");
        orchester.xpub.send("only two frames");
        final Envelope in = envelope(77, "news");
        orchester.xpub.sendMore("events.in.x");
        orchester.xpub.sendMore(EnvelopeCodec.encodeHeader(in));
        orchester.xpub.send(in.payload());
        Eventually.waitUntil("topic message handled", 10_000, () -> seen.size() == 1);
        assertEquals(in, seen.get(0));
        assertEquals(1, runtime.stats().malformed());
        assertTrue(runtime.stats().published() > 0);
    }
}
