package io.satbus.satellites.runtime;

import static io.satbus.satellites.runtime.FakeOrchester.assertWorkerCommand;
import static io.satbus.satellites.runtime.FakeOrchester.envelope;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.envelope.Reply;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.protocol.WorkerInfo;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.builtin.Transformer;
import io.satbus.testing.Eventually;
import io.satbus.testing.RawMdp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker side of the runtime against a raw ROUTER playing the orchester. */
class SatelliteRuntimeTest {
    private final FakeOrchester orchester = new FakeOrchester();
    private final List<Envelope> seen = new CopyOnWriteArrayList<>();
    private SatelliteRuntime runtime;

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
        orchester.close();
    }

    private SatelliteRuntime startWorker(final long heartbeatMs, final Satellite satellite) {
        return startWorker(heartbeatMs, FakeOrchester.LIVENESS, satellite);
    }

    private SatelliteRuntime startWorker(final long heartbeatMs, final int liveness, final Satellite satellite) {
        final SatelliteSpec spec = Specs.worker("echo", null, Map.of());
        final Topology topology = orchester.topology(heartbeatMs, liveness, spec);
        runtime = SatelliteRuntime.start(topology, spec, 2, satellite, Path.of("."));
        return runtime;
    }

    private final Satellite echo = (message, out) -> {
        seen.add(message);
        out.reply("text/plain", ("re: " + new String(message.payload(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    };

    @Test
    @Timeout(20)
    void sendsReadyWithServiceAndWorkerInfo() throws Exception {
        startWorker(1000, echo);
        final List<byte[]> ready = orchester.nextNonHeartbeat();
        assertWorkerCommand(ready, Mdp.READY);
        assertEquals(6, ready.size(), "[identity][\"\"][MDPW01][READY][service][worker info]");
        assertEquals("echo", new String(ready.get(4), StandardCharsets.UTF_8));
        assertEquals(new WorkerInfo("echo", 2, 5), WorkerInfo.decode(ready.get(5)));
    }

    @Test
    @Timeout(20)
    void repliesToEnvelopeRequestWithTokenEchoedAndOkHeader() throws Exception {
        startWorker(1000, echo);
        final byte[] worker = orchester.awaitReady();
        final Envelope request = envelope(42, "ping");
        final byte[] token = orchester.request(worker, 7, EnvelopeCodec.encodeHeader(request), request.payload());

        final List<byte[]> reply = orchester.nextNonHeartbeat();
        assertWorkerCommand(reply, Mdp.REPLY);
        assertEquals(9, reply.size(), "[identity][\"\"][MDPW01][REPLY][token][\"\"][reply header][header][payload]");
        assertArrayEquals(token, reply.get(4));
        assertEquals(0, reply.get(5).length);
        assertEquals(Reply.OK, Reply.decode(reply.get(6)));
        final Envelope body = EnvelopeCodec.decode(reply.get(7), reply.get(8));
        assertEquals(42, body.id());
        assertEquals("echo", body.origin());
        assertEquals(2, body.instance());
        assertEquals("text/plain", body.contentType());
        assertEquals("re: ping", new String(body.payload(), StandardCharsets.UTF_8));
        assertEquals(request, seen.get(0));
        Eventually.waitUntil("handled counted", 10_000, () -> runtime.stats().handled() == 1);
        assertEquals(1, runtime.stats().received());
    }

    @Test
    @Timeout(20)
    void repliesToPlainMdpRequestWithPayloadAlone() throws Exception {
        startWorker(1000, echo);
        final byte[] worker = orchester.awaitReady();
        final byte[] token = orchester.request(worker, 8, "a".getBytes(StandardCharsets.UTF_8),
            "b".getBytes(StandardCharsets.UTF_8), "c".getBytes(StandardCharsets.UTF_8));

        final List<byte[]> reply = orchester.nextNonHeartbeat();
        assertWorkerCommand(reply, Mdp.REPLY);
        assertEquals(8, reply.size(), "[identity][\"\"][MDPW01][REPLY][token][\"\"][reply header][payload]");
        assertArrayEquals(token, reply.get(4));
        assertEquals(Reply.OK, Reply.decode(reply.get(6)));
        assertEquals("re: abc", new String(reply.get(7), StandardCharsets.UTF_8));
        assertEquals("mdp", seen.get(0).origin());
        assertEquals(8, seen.get(0).id());
    }

    @Test
    @Timeout(20)
    void acknowledgesWithEmptyPayloadWhenSatelliteGivesNoReply() throws Exception {
        startWorker(1000, (message, out) -> seen.add(message));
        final byte[] worker = orchester.awaitReady();
        final Envelope request = envelope(43, "data");
        orchester.request(worker, 9, EnvelopeCodec.encodeHeader(request), request.payload());

        final List<byte[]> reply = orchester.nextNonHeartbeat();
        assertEquals(Reply.OK, Reply.decode(reply.get(6)));
        assertArrayEquals(EnvelopeCodec.encodeAckHeader(43), reply.get(7), "a map of the id alone");
        assertEquals(43, EnvelopeCodec.decodeId(reply.get(7)));
        assertEquals(0, reply.get(8).length);
    }

    /** A reply given on purpose is an envelope even when its payload is empty: only no reply at all is an acknowledgement. */
    @Test
    @Timeout(20)
    void anEmptyReplyGivenOnPurposeIsAWholeEnvelope() throws Exception {
        startWorker(1000, (message, out) -> out.reply("application/x-none", new byte[0]));
        final byte[] worker = orchester.awaitReady();
        final Envelope request = envelope(44, "data");
        orchester.request(worker, 10, EnvelopeCodec.encodeHeader(request), request.payload());

        final List<byte[]> reply = orchester.nextNonHeartbeat();
        assertEquals(Reply.OK, Reply.decode(reply.get(6)));
        final Envelope body = EnvelopeCodec.decode(reply.get(7), reply.get(8));
        assertEquals(44, body.id());
        assertEquals("application/x-none", body.contentType());
        assertEquals(0, body.payload().length);
    }

    @Test
    @Timeout(20)
    void sendsErrorReplyWhenOnMessageThrows() throws Exception {
        startWorker(1000, (message, out) -> {
            throw new IllegalStateException("disk full");
        });
        final byte[] worker = orchester.awaitReady();
        final Envelope request = envelope(44, "x");
        final byte[] token = orchester.request(worker, 10, EnvelopeCodec.encodeHeader(request), request.payload());

        final List<byte[]> reply = orchester.nextNonHeartbeat();
        assertWorkerCommand(reply, Mdp.REPLY);
        assertEquals(7, reply.size(), "[identity][\"\"][MDPW01][REPLY][token][\"\"][reply header]");
        assertArrayEquals(token, reply.get(4));
        final Reply r = Reply.decode(reply.get(6));
        assertFalse(r.ok());
        assertEquals("java.lang.IllegalStateException: disk full", r.error());
        Eventually.waitUntil("error counted", 10_000, () -> runtime.stats().errors() == 1);
    }

    @Test
    @Timeout(20)
    void countsMalformedRequestsAndKeepsServing() throws Exception {
        startWorker(1000, echo);
        final byte[] worker = orchester.awaitReady();
        orchester.send(worker, new byte[0], Mdp.WORKER_BYTES, new byte[] {Mdp.REQUEST}, new byte[5], new byte[0],
            "short token".getBytes(StandardCharsets.UTF_8));
        orchester.send(worker, new byte[0], Mdp.WORKER_BYTES, new byte[] {Mdp.REQUEST});
        orchester.send(worker, new byte[0], "XXXX01".getBytes(StandardCharsets.US_ASCII), new byte[] {Mdp.REQUEST});
        orchester.send(worker, new byte[0], Mdp.WORKER_BYTES, new byte[] {0x7f});
        final Envelope request = envelope(45, "still there?");
        orchester.request(worker, 11, EnvelopeCodec.encodeHeader(request), request.payload());

        final List<byte[]> reply = orchester.nextNonHeartbeat();
        assertWorkerCommand(reply, Mdp.REPLY);
        assertEquals("re: still there?", new String(reply.get(8), StandardCharsets.UTF_8));
        Eventually.waitUntil("4 malformed", 10_000, () -> runtime.stats().malformed() == 4, () -> runtime.stats().toString());
        assertEquals(1, runtime.stats().received());
    }

    @Test
    @Timeout(20)
    void sendsHeartbeatsWhenIdle() {
        // Quick heartbeats, but 5 s of silence forgiven: the test thread answers each one, and a
        // stall of it must not look like a silent orchester.
        startWorker(50, 100, echo);
        final byte[] worker = orchester.awaitReady();
        for (int i = 0; i < 3; i++) {
            orchester.sendWorkerCommand(worker, Mdp.HEARTBEAT);
            final List<byte[]> f = orchester.nextService(2000);
            assertWorkerCommand(f, Mdp.HEARTBEAT);
            assertArrayEquals(worker, f.get(0));
        }
        assertEquals(0, runtime.stats().reconnects());
    }

    @Test
    @Timeout(20)
    void sendsReadyAgainWithNewIdentityAfterDisconnect() {
        startWorker(1000, echo);
        final byte[] first = orchester.awaitReady();
        orchester.sendWorkerCommand(first, Mdp.DISCONNECT);

        final byte[] second = orchester.awaitReady();
        assertFalse(java.util.Arrays.equals(first, second), "a new identity");
        assertEquals(1, runtime.stats().reconnects());
        final Envelope request = envelope(46, "again");
        orchester.request(second, 12, EnvelopeCodec.encodeHeader(request), request.payload());
        assertWorkerCommand(orchester.nextNonHeartbeat(), Mdp.REPLY);
    }

    @Test
    @Timeout(20)
    void reconnectsWhenOrchesterIsSilent() {
        startWorker(50, 3, echo);
        final byte[] first = orchester.awaitReady();
        final byte[] second = orchester.awaitReady();
        assertFalse(java.util.Arrays.equals(first, second), "a new identity");
        Eventually.waitUntil("reconnect counted", 10_000, () -> runtime.stats().reconnects() >= 1);
    }

    @Test
    @Timeout(20)
    void closeSaysDisconnectAndKillDoesNot() {
        startWorker(1000, echo);
        orchester.awaitReady();
        runtime.close();
        assertWorkerCommand(orchester.nextNonHeartbeat(), Mdp.DISCONNECT);
        assertFalse(runtime.isRunning());

        startWorker(1000, echo);
        orchester.awaitReady();
        runtime.kill();
        assertFalse(runtime.isRunning());
        assertNull(orchester.nextNonHeartbeatWithin(300), "no DISCONNECT from a killed instance");
    }

    @Test
    @Timeout(20)
    void startFailsWithTheSatellitesConfigError() {
        final SatelliteSpec spec = Specs.worker("upper", "next", Map.of("op", "sideways"));
        final Topology topology = orchester.topology(1000, spec);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> SatelliteRuntime.start(topology, spec, 0, new Transformer(), Path.of(".")));
        assertTrue(e.getMessage().contains("satellites.upper.config.op : \"sideways\" (expected: one of upper, lower,"),
            e.getMessage());
    }

    @Test
    @Timeout(20)
    void replyOutsideAServiceRequestIsRefused() {
        final SatelliteSpec spec = Specs.topics("listener", List.of(), List.of("events"));
        final Topology topology = orchester.topology(1000, spec);
        final List<Exception> failures = new CopyOnWriteArrayList<>();
        runtime = SatelliteRuntime.start(topology, spec, 0, (message, out) -> {
            try {
                out.reply("text/plain", new byte[0]);
            } catch (IllegalStateException e) {
                failures.add(e);
            }
        }, Path.of("."));
        final List<byte[]> subscription = RawMdp.receive(orchester.xpub, 5000);
        assertEquals("\u0001events", new String(subscription.get(0), StandardCharsets.UTF_8));
        final Envelope e = envelope(1, "x");
        orchester.xpub.sendMore("events");
        orchester.xpub.sendMore(EnvelopeCodec.encodeHeader(e));
        orchester.xpub.send(e.payload());
        Eventually.waitUntil("refusal", 10_000, () -> failures.size() == 1);
        assertTrue(failures.get(0).getMessage().contains("no service request in progress"));
    }
}
