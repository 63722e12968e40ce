package io.satbus.satellites.runtime;

import static io.satbus.satellites.runtime.FakeOrchester.assertWorkerCommand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.envelope.Reply;
import io.satbus.core.protocol.DispatchToken;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.topology.CustodySpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.SatelliteContext;
import io.satbus.satellites.api.Source;
import io.satbus.satellites.builtin.Generator;
import io.satbus.satellites.builtin.Transformer;
import io.satbus.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Custody in the runtime (docs/protocol.md, custody): kept sends go again after a reconnect
 * under their ids, replies wait for the sends made for them, dead notices release, repeats are
 * answered without the handler, and a restarted instance goes on from its state directory.
 */
@Timeout(30)
class CustodyTest {
    private final FakeOrchester orchester = new FakeOrchester();
    private final List<SatelliteRuntime> runtimes = new ArrayList<>();

    @TempDir
    Path state;

    @AfterEach
    void tearDown() {
        runtimes.forEach(SatelliteRuntime::close);
        orchester.close();
    }

    private SatelliteRuntime start(final SatelliteSpec spec, final Satellite satellite, final RuntimeSettings settings) {
        final SatelliteRuntime r = SatelliteRuntime.start(orchester.topology(1000, spec), spec, 0, satellite, Path.of("."),
            settings);
        runtimes.add(r);
        return r;
    }

    private static SatelliteSpec transformer() {
        return new SatelliteSpec("upper", "transformer", null, null, 1, "upper", "sink", List.of(), List.of(), 5, 0, -1,
            Map.of("op", "upper"));
    }

    private static SatelliteSpec generator(final int count, final boolean outbox) {
        return new SatelliteSpec("gen", "generator", null, null, 1, null, "upper", List.of(), List.of(), 5, 0, -1,
            Map.of("count", count), null, null, null, new CustodySpec(CustodySpec.DEFAULT_DEDUP_WINDOW, outbox, false));
    }

    /** The next client request [identity][""][MDPC01][service][header][payload], as its identity and envelope. */
    private record Sent(byte[] identity, Envelope message) {
    }

    private Sent nextSend(final String service) {
        final List<byte[]> f = orchester.nextNonHeartbeat();
        assertEquals(6, f.size(), "a client request");
        assertEquals(Mdp.CLIENT, new String(f.get(2), StandardCharsets.US_ASCII));
        assertEquals(service, new String(f.get(3), StandardCharsets.UTF_8));
        try {
            return new Sent(f.get(0), EnvelopeCodec.decode(f.get(4), f.get(5)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Envelope request(final long id, final String payload) {
        return new Envelope(id, "t", "gen", 0, 1, 1L, "text/plain", Map.of(), payload.getBytes(StandardCharsets.UTF_8));
    }

    private void deadNotice(final byte[] identity, final String service, final Envelope m) throws Exception {
        final byte[] info;
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(2);
            p.packString("attempts").packInt(1);
            p.packString("history").packArrayHeader(1).packMapHeader(1).packString("outcome").packString("error: no");
            info = p.toByteArray();
        }
        orchester.send(identity, new byte[0], Mdp.CLIENT_BYTES, service.getBytes(StandardCharsets.UTF_8),
            EnvelopeCodec.encodeHeader(m), new byte[0], info);
    }

    @Test
    void aReplyWaitsUntilTheMessageSentOnIsAcknowledged() {
        final SatelliteRuntime r = start(transformer(), new Transformer(), RuntimeSettings.forTopology(
            orchester.topology(1000, transformer())));
        final byte[] worker = orchester.awaitReady();
        final Envelope in = request(77L, "hi");
        final byte[] token = orchester.request(worker, 1, EnvelopeCodec.encodeHeader(in), in.payload());
        final Sent out = nextSend("sink");
        assertEquals(77L, out.message().id());
        assertNull(orchester.nextNonHeartbeatWithin(300), "no reply before the onward send is acknowledged");

        orchester.ack(out.identity(), "sink", out.message());
        final List<byte[]> reply = orchester.nextNonHeartbeat();
        assertWorkerCommand(reply, Mdp.REPLY);
        assertTrue(Arrays.equals(token, reply.get(4)), "the request's token");
        Eventually.waitUntil("settled", 10_000, r::isDrained, () -> r.stats().toString());
        assertEquals(1, r.stats().acked());
    }

    @Test
    void aDeadNoticeReleasesTheSendAndTheReplyHeldForIt() throws Exception {
        final SatelliteRuntime r = start(transformer(), new Transformer(), RuntimeSettings.forTopology(
            orchester.topology(1000, transformer())));
        final byte[] worker = orchester.awaitReady();
        final Envelope in = request(78L, "poison");
        orchester.request(worker, 1, EnvelopeCodec.encodeHeader(in), in.payload());
        final Sent out = nextSend("sink");

        deadNotice(out.identity(), "sink", out.message());
        final List<byte[]> reply = orchester.nextNonHeartbeat();
        assertWorkerCommand(reply, Mdp.REPLY);
        assertEquals(Reply.OK, Reply.decode(reply.get(6)), "accounted as dead downstream: not to be retried upstream");
        Eventually.waitUntil("released", 10_000, r::isDrained, () -> r.stats().toString());
        assertEquals(1, r.stats().dead());
        assertEquals(0, r.stats().acked());
        assertEquals(0, r.stats().lost());
    }

    @Test
    void keptSendsGoAgainUnderTheirIdsOnANewConnectionAndARepeatJoinsTheHeldReply() throws Exception {
        final AtomicInteger handled = new AtomicInteger();
        final Satellite counting = (message, out) -> {
            handled.incrementAndGet();
            out.forward(message);
        };
        final SatelliteRuntime r = start(transformer(), counting, RuntimeSettings.forTopology(
            orchester.topology(1000, transformer())));
        final byte[] first = orchester.awaitReady();
        final Envelope in = request(79L, "again");
        orchester.request(first, 1, EnvelopeCodec.encodeHeader(in), in.payload());
        final Sent out = nextSend("sink");

        orchester.sendWorkerCommand(first, Mdp.DISCONNECT);
        final byte[] second = orchester.awaitReady();
        assertNotEquals(new String(first, StandardCharsets.UTF_8), new String(second, StandardCharsets.UTF_8));
        final Sent again = nextSend("sink");
        assertEquals(out.message().id(), again.message().id(), "the same id on the new connection");
        assertTrue(Arrays.equals(second, again.identity()));

        final byte[] token = orchester.request(second, 2, EnvelopeCodec.encodeHeader(in), in.payload());
        assertNull(orchester.nextNonHeartbeatWithin(300), "the repeat waits with the held reply, not handled again");
        orchester.ack(second, "sink", again.message());
        final List<byte[]> reply = orchester.nextNonHeartbeat();
        assertWorkerCommand(reply, Mdp.REPLY);
        assertEquals(2, DispatchToken.dispatchId(reply.get(4)), "answered on the new connection's token");
        assertTrue(Arrays.equals(token, reply.get(4)));
        assertEquals(1, handled.get());
        assertEquals(1, r.stats().duplicates());
        assertEquals(1, r.stats().resent());
        assertEquals(0, r.stats().lost());
    }

    @Test
    void aRepeatOfACompletedRequestIsAnsweredWithoutCallingTheHandler() throws Exception {
        final AtomicInteger calls = new AtomicInteger();
        final SatelliteSpec spec = Specs.worker("sink", null, Map.of());
        final SatelliteRuntime r = start(spec, (Satellite) (message, out) -> calls.incrementAndGet(),
            RuntimeSettings.forTopology(orchester.topology(1000, spec)));
        final byte[] worker = orchester.awaitReady();
        final Envelope in = request(80L, "once");
        for (int dispatch = 1; dispatch <= 2; dispatch++) {
            orchester.request(worker, dispatch, EnvelopeCodec.encodeHeader(in), in.payload());
            final List<byte[]> reply = orchester.nextNonHeartbeat();
            assertWorkerCommand(reply, Mdp.REPLY);
            assertEquals(Reply.OK, Reply.decode(reply.get(6)));
            assertArrayEquals(EnvelopeCodec.encodeAckHeader(80L), reply.get(7), "an acknowledgement: its id alone");
            assertEquals(0, reply.get(8).length);
        }
        assertEquals(1, calls.get());
        assertEquals(1, r.stats().duplicates());
        assertEquals(1, r.stats().handled());
    }

    @Test
    void aRestartedGeneratorResumesWhereCustodyPassedUnderTheSameIds() {
        final SatelliteSpec spec = generator(5, false);
        final RuntimeSettings settings = RuntimeSettings.forTopology(orchester.topology(1000, spec)).withStateDir(state);
        final SatelliteRuntime first = start(spec, new Generator(), settings);
        final List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(nextSend("upper"));
        }
        for (int i : new int[] {0, 1, 3}) {
            orchester.ack(sent.get(i).identity(), "upper", sent.get(i).message());
        }
        Eventually.waitUntil("three acknowledged", 10_000, () -> first.stats().acked() == 3, () -> first.stats().toString());
        Eventually.waitUntil("saved", 10_000, () -> savedAcked(settings, spec) == 3, () -> first.stats().toString());
        first.kill();

        final SatelliteRuntime second = start(spec, new Generator(), settings);
        final Sent two = nextSend("upper");
        final Sent four = nextSend("upper");
        assertEquals(sent.get(2).message().id(), two.message().id());
        assertEquals("hello 2", new String(two.message().payload(), StandardCharsets.UTF_8).replace(".", ""));
        assertEquals(sent.get(4).message().id(), four.message().id());
        assertNull(orchester.nextNonHeartbeatWithin(300), "0, 1 and 3 had passed on: not sent again");
        orchester.ack(two.identity(), "upper", two.message());
        orchester.ack(four.identity(), "upper", four.message());
        Eventually.waitUntil("drained", 10_000, second::isDrained, () -> second.stats().toString());
        assertTrue(second.stats().cumulative());
        assertEquals(5, second.stats().sent(), "distinct messages over both processes");
        assertEquals(2, second.stats().resent());
        assertEquals(5, second.stats().acked());
        assertEquals(0, second.stats().lost());
    }

    @Test
    void aRefusedSendIsKeptAndSentAgainAfterTheWait() throws Exception {
        final SatelliteSpec spec = generator(1, false);
        final SatelliteRuntime r = start(spec, new Generator(), RuntimeSettings.forTopology(orchester.topology(1000, spec)));
        final Sent first = nextSend("upper");
        final byte[] refusal;
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(2);
            p.packString("refused").packString("upper : 1048576 bytes queued (expected: <= 1048576)");
            p.packString("retry_after_ms").packLong(50);
            refusal = p.toByteArray();
        }
        orchester.send(first.identity(), new byte[0], Mdp.CLIENT_BYTES, "upper".getBytes(StandardCharsets.UTF_8),
            EnvelopeCodec.encodeHeader(first.message()), new byte[0], refusal);
        final Sent again = nextSend("upper");
        assertEquals(first.message().id(), again.message().id(), "kept and sent again under its id");
        assertEquals(1, r.stats().refused());
        assertEquals(1, r.stats().outstanding());
        orchester.ack(again.identity(), "upper", again.message());
        Eventually.waitUntil("drained", 10_000, r::isDrained, () -> r.stats().toString());
        assertEquals(0, r.stats().lost());
        assertEquals(0, r.stats().dead());
    }

    @Test
    void aRequestWhoseReplyIsHeldGetsProgressSoItsDeadlineDoesNotRunOut() throws Exception {
        final SatelliteSpec spec = new SatelliteSpec("upper", "transformer", null, null, 1, "upper", "sink", List.of(),
            List.of(), 5, 300, -1, Map.of("op", "upper"));
        start(spec, new Transformer(), RuntimeSettings.forTopology(orchester.topology(1000, spec)));
        final byte[] worker = orchester.awaitReady();
        final Envelope in = request(81L, "slow downstream");
        final byte[] token = orchester.request(worker, 1, EnvelopeCodec.encodeHeader(in), in.payload());
        final Sent out = nextSend("sink");
        for (int i = 0; i < 2; i++) {
            final List<byte[]> progress = orchester.nextNonHeartbeat();
            assertWorkerCommand(progress, Mdp.PROGRESS);
            assertTrue(Arrays.equals(token, progress.get(4)), "PROGRESS for the held request");
        }
        orchester.ack(out.identity(), "sink", out.message());
        List<byte[]> reply = orchester.nextNonHeartbeat();
        while (FakeOrchester.isWorkerCommand(reply, Mdp.PROGRESS)) {
            reply = orchester.nextNonHeartbeat();
        }
        assertWorkerCommand(reply, Mdp.REPLY);
    }

    /** The acknowledgements the slot's state file holds, read by a store of the same slot. */
    private long savedAcked(final RuntimeSettings settings, final SatelliteSpec spec) {
        final SlotStore peek = SlotStore.open(settings.stateDir(), spec.name() + ".0", 10);
        try {
            final long[] c = peek.restoredCounters();
            return c.length == 0 ? -1 : c[6];
        } finally {
            peek.close();
        }
    }

    /** Emits {@code n} new messages per process (a source that cannot produce its messages again). */
    private static final class Once implements Source {
        private int left;

        Once(final int n) {
            this.left = n;
        }

        @Override
        public void open(final SatelliteContext context) {
        }

        @Override
        public int produce(final Output out) {
            if (left == 0) {
                return DONE;
            }
            left--;
            out.send("upper", "text/plain", ("once " + left).getBytes(StandardCharsets.UTF_8));
            return 1;
        }
    }

    @Test
    void aSourceWithAnOutboxSendsAgainWhatItsKilledPredecessorHadSentAndWithoutOneCountsItLost() {
        for (boolean outbox : new boolean[] {true, false}) {
            final Path dir = state.resolve(outbox ? "with" : "without");
            final SatelliteSpec spec = generator(0, outbox);
            final RuntimeSettings settings = RuntimeSettings.forTopology(orchester.topology(1000, spec)).withStateDir(dir);
            final SatelliteRuntime first = start(spec, new Once(3), settings);
            final List<Sent> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sent.add(nextSend("upper"));
            }
            orchester.ack(sent.get(0).identity(), "upper", sent.get(0).message());
            Eventually.waitUntil("one acknowledged", 10_000, () -> first.stats().acked() == 1, () -> first.stats().toString());
            Eventually.waitUntil("saved", 10_000, () -> savedAcked(settings, spec) == 1, () -> first.stats().toString());
            first.kill();
            runtimes.remove(first);

            final SatelliteRuntime second = start(spec, new Once(1), settings);
            final List<Long> ids = new ArrayList<>();
            for (int i = 0; i < (outbox ? 3 : 1); i++) {
                final Sent s = nextSend("upper");
                ids.add(s.message().id());
                orchester.ack(s.identity(), "upper", s.message());
            }
            Eventually.waitUntil("drained", 10_000, second::isDrained, () -> second.stats().toString());
            if (outbox) {
                assertTrue(ids.containsAll(List.of(sent.get(1).message().id(), sent.get(2).message().id())),
                    "the two unacknowledged went again: " + ids);
                assertEquals(0, second.stats().lost());
            } else {
                assertEquals(2, second.stats().lost(), "sent, never acknowledged, gone with the process");
            }
            assertEquals(4, second.stats().sent());
            assertNull(orchester.nextNonHeartbeatWithin(200));
            second.close();
            runtimes.remove(second);
        }
    }
}
