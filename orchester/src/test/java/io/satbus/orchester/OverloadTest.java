package io.satbus.orchester;

import static io.satbus.testing.RawMdp.EMPTY;
import static io.satbus.testing.RawMdp.MDPC01;
import static io.satbus.testing.RawMdp.MDPW01;
import static io.satbus.testing.RawMdp.text;
import static io.satbus.testing.RawMdp.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.slf4j.LoggerFactory;

/**
 * Byte bounds, refusals, too large and expiry on the broker logic, without sockets, on a manual
 * clock (docs/protocol.md 2.8).
 */
@Timeout(10)
class OverloadTest {
    private static final long T0 = 1_000_000;
    private static final int MESSAGE = 4096;
    /** A 4000-byte body is charged 4256 bytes. */
    private static final int BODY = 4000;
    private static final long CHARGE = BODY + ByteBudget.REQUEST_OVERHEAD_BYTES;
    private static final long PEER = 16_384;
    private static final long SERVICE = 24_576;
    private static final long TOTAL = 32_768;
    private static final long QUEUE_TIMEOUT_MS = 30_000;
    private static final byte[] ALICE = {0, 'a'};
    private static final byte[] BOB = {0, 'b'};
    private static final byte[] CAROL = {0, 'c'};

    private final List<List<byte[]>> sent = new ArrayList<>();
    private final List<List<byte[]>> published = new ArrayList<>();
    private final ServiceRouter router = router(TestTopologies.withBounds(
        TestTopologies.topology("over", 1000, 3, MESSAGE, 1, Map.of("svc", 1)), TOTAL, SERVICE, PEER, QUEUE_TIMEOUT_MS));

    private ServiceRouter router(final Topology t) {
        final OrchesterConfig config = OrchesterConfig.from(t, 1L << 30);
        return new ServiceRouter(config, f -> sent.add(List.copyOf(f)), f -> published.add(List.copyOf(f)),
            Tracking.local(RetryPolicy.maxRetries(config)), new WarnLimiter(LoggerFactory.getLogger(OverloadTest.class), 10, 1000));
    }

    private void request(final byte[] client, final String service, final long now, final byte[]... body)
        throws MalformedFrameException {
        final List<byte[]> f = new ArrayList<>(List.of(client, EMPTY, MDPC01, utf8(service)));
        f.addAll(Arrays.asList(body));
        router.onMessage(f, now);
    }

    private static byte[] body(final int n) {
        return new byte[n];
    }

    /** The bodies the orchester sent to {@code client} (frames after the service), in order; removes them. */
    private List<List<byte[]>> answersTo(final byte[] client) {
        final List<List<byte[]>> out = new ArrayList<>();
        sent.removeIf(m -> {
            if (Arrays.equals(m.get(0), client)) {
                out.add(m.subList(4, m.size()));
                return true;
            }
            return false;
        });
        return out;
    }

    private OrchesterStatus status() {
        return router.status(T0);
    }

    @Test
    void refusesAPlainClientBeyondItsPeerBoundWith503AndTakesOtherClients() throws Exception {
        for (int i = 0; i < 4; i++) {
            request(ALICE, "nobody", T0, body(BODY));
        }
        final List<List<byte[]>> toAlice = answersTo(ALICE);
        assertEquals(1, toAlice.size(), "three held (12768 bytes), the fourth refused");
        assertArrayEquals(utf8("503"), toAlice.get(0).get(0));
        assertEquals("refused: max_peer_bytes : client 0061 would have " + 4 * CHARGE + " bytes held (expected: <= "
            + PEER + ")", text(toAlice.get(0).get(1)));

        request(BOB, "nobody", T0, body(BODY));
        assertTrue(answersTo(BOB).isEmpty(), "another client has its own share");
        final OrchesterStatus.ServiceStatus s = status().service("nobody");
        assertEquals(4, s.queueDepth());
        assertEquals(4 * CHARGE, s.queuedBytes());
        assertEquals(4 * CHARGE, status().queuedBytes());
        assertEquals(TOTAL, status().maxQueuedBytes());
        assertEquals(5, s.counters().requests());
        assertEquals(1, s.counters().refused());
        assertEquals(1, status().totals().refused());
    }

    @Test
    void refusesBeyondTheServiceBoundThenBeyondTheTotal() throws Exception {
        final byte[][] clients = {ALICE, BOB, CAROL};
        for (int i = 0; i < 6; i++) {
            request(clients[i % 3], "one", T0, body(BODY));
        }
        assertEquals(5, status().service("one").queueDepth(), "5 x 4256 = 21280 <= 24576, a sixth would not be");
        assertEquals("refused: max_service_bytes : service one would hold " + 6 * CHARGE + " bytes (expected: <= "
            + SERVICE + ")", text(answersTo(CAROL).get(0).get(1)));
        request(CAROL, "two", T0, body(BODY));
        request(CAROL, "two", T0, body(BODY));
        assertEquals(7 * CHARGE, status().queuedBytes(), "7 x 4256 = 29792 <= 32768, an eighth would not be");
        request(BOB, "two", T0, body(BODY));
        assertEquals("refused: max_queued_bytes : the orchester would hold " + 8 * CHARGE + " bytes (expected: <= "
            + TOTAL + ")", text(answersTo(BOB).get(0).get(1)));
        assertEquals(2, status().totals().refused());
    }

    @Test
    void tellsASatbusClientItWasRefusedWithTheRequestsHeaderAndWhenToSendAgain() throws Exception {
        final byte[] header = EnvelopeCodec.encodeHeader(new Envelope(77L, "over", "gen", 0, 1, 1L,
            Envelope.DEFAULT_CONTENT_TYPE, Map.of(), body(3800)));
        for (int i = 0; i < 4; i++) {
            request(ALICE, "nobody", T0, header, body(3800));
        }
        final List<List<byte[]>> toAlice = answersTo(ALICE);
        assertEquals(1, toAlice.size());
        final List<byte[]> notice = toAlice.get(0);
        assertEquals(3, notice.size(), "[envelope header][\"\"][notice]");
        assertEquals(77L, EnvelopeCodec.decode(notice.get(0), new byte[0]).id());
        assertEquals(0, notice.get(1).length);
        final Map<String, Value> refusal = map(notice.get(2));
        assertTrue(refusal.get("refused").asStringValue().asString().startsWith("max_peer_bytes : client 0061"),
            refusal.toString());
        final long retryAfterMs = refusal.get("retry_after_ms").asIntegerValue().asLong();
        assertTrue(retryAfterMs >= Dispatcher.RETRY_AFTER_MS / 2 && retryAfterMs <= Dispatcher.RETRY_AFTER_MS * 3 / 2,
            "a wait around " + Dispatcher.RETRY_AFTER_MS + " ms: " + retryAfterMs);
    }

    @Test
    void releasesTheBytesOfAnsweredRequests() throws Exception {
        for (int i = 0; i < 3; i++) {
            request(ALICE, "svc", T0, body(BODY));
        }
        router.onMessage(new ArrayList<>(List.of(utf8("w"), EMPTY, MDPW01, new byte[] {0x01}, utf8("svc"))), T0);
        final List<byte[]> req = sent.stream().filter(m -> Arrays.equals(m.get(0), utf8("w"))).findFirst().orElseThrow();
        router.onMessage(new ArrayList<>(List.of(utf8("w"), EMPTY, MDPW01, new byte[] {0x03}, req.get(4), EMPTY,
            utf8("done"))), T0);
        assertEquals(2 * CHARGE, status().queuedBytes(), "one answered, two held (one in flight now)");
        request(ALICE, "svc", T0, body(BODY));
        assertEquals(List.of("done"), answersTo(ALICE).stream().map(b -> text(b.get(0))).toList(), "not refused");
    }

    @Test
    void aRequestLargerThanItsServicesMaxMessageSizeIsDeadAtEntry() throws Exception {
        request(ALICE, "nobody", T0, body(MESSAGE), utf8("!"));
        final List<List<byte[]>> toAlice = answersTo(ALICE);
        assertEquals("refused: too large: 4097 bytes (expected: <= 4096)", text(toAlice.get(0).get(1)));
        assertArrayEquals(utf8("503"), toAlice.get(0).get(0));
        assertEquals(1, published.size(), "a dead letter");
        final Map<String, Value> info = map(published.get(0).get(1));
        assertEquals(0, info.get("attempts").asIntegerValue().asInt());
        assertEquals("refused: too large: 4097 bytes (expected: <= 4096)", lastOutcome(info));
        final OrchesterStatus.CounterValues c = status().service("nobody").counters();
        assertEquals(1, c.tooLarge());
        assertEquals(1, c.dead());
        assertEquals(0, status().queuedBytes(), "never held");
        assertEquals("refused: too large: 4097 bytes (expected: <= 4096)",
            status().recentDead().get(0).history().get(0).outcome());
    }

    @Test
    void aRequestNobodyTakesWithinTheQueueTimeoutExpiresDead() throws Exception {
        final byte[] header = EnvelopeCodec.encodeHeader(new Envelope(5L, "over", "gen", 0, 1, 1L,
            Envelope.DEFAULT_CONTENT_TYPE, Map.of(), utf8("x")));
        request(ALICE, "nobody", T0, utf8("plain"));
        request(BOB, "nobody", T0 + 1000, header, utf8("x"));
        assertEquals(0, router.expire(T0 + QUEUE_TIMEOUT_MS - 1));
        assertEquals(1, router.expire(T0 + QUEUE_TIMEOUT_MS), "the first, not yet the second");
        final List<List<byte[]>> toAlice = answersTo(ALICE);
        assertArrayEquals(utf8("503"), toAlice.get(0).get(0));
        assertEquals("expired: no worker within 30s", text(toAlice.get(0).get(1)));
        assertEquals(1, router.expire(T0 + 1000 + QUEUE_TIMEOUT_MS));
        final List<byte[]> notice = answersTo(BOB).get(0);
        assertEquals(5L, EnvelopeCodec.decode(notice.get(0), new byte[0]).id());
        assertEquals("expired: no worker within 30s", lastOutcome(map(notice.get(2))), "a dead notice");
        assertEquals(2, published.size());
        final OrchesterStatus.CounterValues c = status().service("nobody").counters();
        assertEquals(2, c.expired());
        assertEquals(2, c.dead());
        assertEquals(0, status().queued());
        assertEquals(0, status().queuedBytes());
        assertTrue(status().drained());
    }

    @Test
    void aRetryWaitingForAWorkerExpiresWithTheAttemptsItHad() throws Exception {
        router.onMessage(new ArrayList<>(List.of(utf8("w"), EMPTY, MDPW01, new byte[] {0x01}, utf8("svc"))), T0);
        request(ALICE, "svc", T0, utf8("job"));
        router.onMessage(new ArrayList<>(List.of(utf8("w"), EMPTY, MDPW01, new byte[] {0x05})), T0 + 10);
        assertEquals(1, status().queued(), "its retry waits: its only worker left");
        assertEquals(0, router.expire(T0 + 10 + QUEUE_TIMEOUT_MS - 1), "its queue timeout runs from its requeueing");
        assertEquals(1, router.expire(T0 + 10 + QUEUE_TIMEOUT_MS));
        final Map<String, Value> info = map(published.get(0).get(1));
        assertEquals(1, info.get("attempts").asIntegerValue().asInt(), "one attempt made, none for the retry");
        assertEquals(2, info.get("history").asArrayValue().size(), "the worker lost, then the expiry");
        assertEquals("expired: no worker within 30s", lastOutcome(info));
        assertEquals("expired: no worker within 30s", text(answersTo(ALICE).get(0).get(1)));
    }

    @Test
    void aServiceWithQueueTimeoutZeroNeverExpires() throws Exception {
        final ServiceRouter never = router(TestTopologies.withBounds(TestTopologies.topology("n", 1000, 3, MESSAGE, 1,
            Map.of()), OrchesterSpec.DERIVED, OrchesterSpec.DERIVED, OrchesterSpec.DERIVED, 0));
        never.onMessage(new ArrayList<>(List.of(ALICE, EMPTY, MDPC01, utf8("nobody"), utf8("x"))), T0);
        assertEquals(0, never.expire(T0 + 365L * 24 * 3600 * 1000));
        assertEquals(1, never.status(T0).queued());
    }

    static Map<String, Value> map(final byte[] frame) throws Exception {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            final Map<String, Value> out = new HashMap<>();
            u.unpackValue().asMapValue().map().forEach((k, v) -> out.put(k.asStringValue().asString(), v));
            return out;
        }
    }

    static String lastOutcome(final Map<String, Value> info) {
        final List<Value> history = info.get("history").asArrayValue().list();
        return history.get(history.size() - 1).asMapValue().map().get(org.msgpack.value.ValueFactory.newString("outcome"))
            .asStringValue().asString();
    }
}
