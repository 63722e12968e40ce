package io.satbus.orchester;

import static io.satbus.testing.RawMdp.EMPTY;
import static io.satbus.testing.RawMdp.MDPC01;
import static io.satbus.testing.RawMdp.MDPW01;
import static io.satbus.testing.RawMdp.text;
import static io.satbus.testing.RawMdp.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Reply;
import io.satbus.core.protocol.DispatchToken;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.protocol.WorkerInfo;
import io.satbus.testing.RawMdp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.slf4j.LoggerFactory;

/** The broker logic on frames, without sockets, on simulated time. */
@Timeout(10)
class ServiceRouterTest {
    private static final long T0 = 1_000_000;
    private static final long HEARTBEAT_MS = 1000;
    private static final int LIVENESS = 3;
    private static final byte[] CLIENT = {0, 1, 2, 3, 4};

    private final List<List<byte[]>> sent = new ArrayList<>();
    private final List<List<byte[]>> published = new ArrayList<>();
    private final OrchesterConfig config = OrchesterConfig.from(TestTopologies.topology("unit", HEARTBEAT_MS, LIVENESS,
        1 << 20, 2, Map.of("svc", 1)));
    private final ServiceRouter router = new ServiceRouter(config, f -> sent.add(List.copyOf(f)), published::add,
        Tracking.local(RetryPolicy.maxRetries(config)), new WarnLimiter(LoggerFactory.getLogger(ServiceRouterTest.class), 10, 1000));

    private static byte[] id(final String name) {
        return utf8(name);
    }

    private void handle(final long now, final byte[]... frames) throws MalformedFrameException {
        router.onMessage(new ArrayList<>(Arrays.asList(frames)), now);
    }

    private void ready(final String worker, final long now, final byte[]... info) throws MalformedFrameException {
        final List<byte[]> f = new ArrayList<>(List.of(id(worker), EMPTY, MDPW01, new byte[] {0x01}, utf8("svc")));
        f.addAll(Arrays.asList(info));
        router.onMessage(f, now);
    }

    private void request(final String body, final long now) throws MalformedFrameException {
        handle(now, CLIENT, EMPTY, MDPC01, utf8("svc"), utf8(body));
    }

    private void reply(final String worker, final byte[] token, final long now, final byte[]... body)
        throws MalformedFrameException {
        final List<byte[]> f = new ArrayList<>(List.of(id(worker), EMPTY, MDPW01, new byte[] {0x03}, token, EMPTY));
        f.addAll(Arrays.asList(body));
        router.onMessage(f, now);
    }

    /** REQUESTs sent to {@code worker}, as [token, body...], in order; removes them from {@link #sent}. */
    private List<List<byte[]>> requestsTo(final String worker) {
        final List<List<byte[]>> out = new ArrayList<>();
        sent.removeIf(m -> {
            if (Arrays.equals(m.get(0), id(worker)) && m.size() >= 6 && m.get(3)[0] == 0x02) {
                out.add(new ArrayList<>(m.subList(4, m.size())));
                out.get(out.size() - 1).remove(1);
                return true;
            }
            return false;
        });
        return out;
    }

    private List<List<byte[]>> commandsTo(final String worker, final byte command) {
        return sent.stream().filter(m -> Arrays.equals(m.get(0), id(worker)) && m.size() == 4 && m.get(3)[0] == command)
            .toList();
    }

    private List<List<byte[]>> repliesToClient() {
        return sent.stream().filter(m -> Arrays.equals(m.get(0), CLIENT)).map(m -> m.subList(4, m.size())).toList();
    }

    private OrchesterStatus.CounterValues counters() {
        return router.status(T0).service("svc").counters();
    }

    private static byte[] info(final int credit) {
        return new WorkerInfo("sat", 0, credit).encode();
    }

    @Test
    void dispatchesToTheLeastLoadedWorkerAndTiesToTheOneIdleLongest() throws Exception {
        ready("a", T0, info(3));
        ready("b", T0, info(3));
        request("1", T0);
        request("2", T0);
        request("3", T0);
        final List<List<byte[]>> toA = requestsTo("a");
        final List<List<byte[]>> toB = requestsTo("b");
        assertEquals(List.of("1", "3"), toA.stream().map(r -> text(r.get(1))).toList());
        assertEquals(List.of("2"), toB.stream().map(r -> text(r.get(1))).toList());

        reply("b", toB.get(0).get(0), T0, Reply.OK.encode(), utf8("done 2"));
        request("4", T0);
        assertEquals("4", text(requestsTo("b").get(0).get(1)), "b holds fewer");
        assertEquals(List.of("done 2"), repliesToClient().stream().map(r -> text(r.get(0))).toList(),
            "reply header stripped");
    }

    @Test
    void holdsOneRequestPerPlainWorkerAndQueuesTheRest() throws Exception {
        ready("plain", T0);
        request("1", T0);
        request("2", T0);
        final List<List<byte[]>> first = requestsTo("plain");
        assertEquals(1, first.size());
        assertEquals(1, router.status(T0).queued());
        assertEquals(1, router.status(T0).inFlight());

        reply("plain", first.get(0).get(0), T0, utf8("r1"), utf8("more"));
        assertEquals(List.of("r1", "more"), repliesToClient().get(0).stream().map(RawMdp::text).toList(),
            "plain replies forwarded whole");
        assertEquals("2", text(requestsTo("plain").get(0).get(1)));
        assertEquals(0, router.status(T0).queued());
    }

    @Test
    void requeuesAtTheFrontWhenAWorkerExpires() throws Exception {
        ready("a", T0);
        request("first", T0);
        request("second", T0);
        final byte[] token = requestsTo("a").get(0).get(0);

        router.onTick(T0 + HEARTBEAT_MS * LIVENESS - 1);
        assertEquals(1, router.status(T0).workers(), "not yet expired");
        router.onTick(T0 + HEARTBEAT_MS * LIVENESS);
        assertEquals(0, router.status(T0).workers(), "expired");
        assertEquals(2, router.status(T0).queued());

        ready("b", T0 + 5000);
        final List<List<byte[]>> toB = requestsTo("b");
        assertEquals("first", text(toB.get(0).get(1)), "lost request goes first");
        assertEquals(DispatchToken.dispatchId(token), DispatchToken.dispatchId(toB.get(0).get(0)));
        assertEquals(2, DispatchToken.attempt(toB.get(0).get(0)));
        assertEquals(1, counters().workerLost());
        assertEquals(1, counters().retries());

        reply("a", token, T0 + 5000, utf8("too late"));
        assertEquals(1, commandsTo("a", (byte) 0x05).size(), "expired worker told to DISCONNECT");
    }

    @Test
    void heartbeatsQuietWorkersAndKeepsTalkingOnesAlive() throws Exception {
        ready("a", T0);
        router.onTick(T0 + HEARTBEAT_MS - 1);
        assertEquals(0, commandsTo("a", (byte) 0x04).size());
        router.onTick(T0 + HEARTBEAT_MS);
        assertEquals(1, commandsTo("a", (byte) 0x04).size());
        for (long t = T0 + HEARTBEAT_MS; t <= T0 + 10 * HEARTBEAT_MS; t += HEARTBEAT_MS) {
            handle(t, id("a"), EMPTY, MDPW01, new byte[] {0x04});
            router.onTick(t + 1);
        }
        assertEquals(1, router.status(T0).workers());
    }

    @Test
    void retriesFailedAttemptsOnAnotherWorkerThenDeadLetters() throws Exception {
        ready("a", T0, info(1));
        ready("b", T0, info(1));
        request("doomed", T0);
        final byte[] t1 = requestsTo("a").get(0).get(0);
        reply("a", t1, T0 + 1, Reply.error("boom").encode());
        final List<List<byte[]>> toB = requestsTo("b");
        assertEquals(1, toB.size(), "retried on the other worker");
        assertEquals(2, DispatchToken.attempt(toB.get(0).get(0)));
        reply("b", toB.get(0).get(0), T0 + 2, Reply.error("bang").encode());

        assertEquals(0, requestsTo("a").size() + requestsTo("b").size(), "max_retries 1: two attempts only");
        assertTrue(repliesToClient().isEmpty(), "nothing to the client");
        assertEquals(1, published.size());
        final List<byte[]> dead = published.get(0);
        assertEquals("satbus.dead", text(dead.get(0)));
        assertEquals("doomed", text(dead.get(2)));
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(dead.get(1))) {
            assertEquals(4, u.unpackMapHeader());
            assertEquals("service", u.unpackString());
            assertEquals("svc", u.unpackString());
            assertEquals("dispatch_id", u.unpackString());
            assertEquals(DispatchToken.dispatchId(t1), u.unpackLong());
            assertEquals("attempts", u.unpackString());
            assertEquals(2, u.unpackInt());
            assertEquals("history", u.unpackString());
            assertEquals(2, u.unpackArrayHeader());
            assertEquals(5, u.unpackMapHeader());
            assertEquals("worker", u.unpackString());
            assertEquals(Hex.of(id("a")), u.unpackString());
            assertEquals("satellite", u.unpackString());
            assertEquals("sat", u.unpackString());
            assertEquals("instance", u.unpackString());
            assertEquals(0, u.unpackInt());
            assertEquals("at_ms", u.unpackString());
            assertEquals(T0 + 1, u.unpackLong());
            assertEquals("outcome", u.unpackString());
            assertEquals("error: boom", u.unpackString());
        }
        final OrchesterStatus.CounterValues c = counters();
        assertEquals(2, c.errors());
        assertEquals(1, c.retries());
        assertEquals(1, c.dead());
        assertEquals(0, router.status(T0).inFlight());

        // The admin status keeps the dead message with the same history, for 'satbus status'.
        final List<OrchesterStatus.DeadMessage> recent = router.status(T0).recentDead();
        assertEquals(1, recent.size());
        assertEquals("svc", recent.get(0).service());
        assertEquals(DispatchToken.dispatchId(t1), recent.get(0).dispatchId());
        assertEquals(2, recent.get(0).attempts());
        assertEquals(List.of(
                new OrchesterStatus.FailedAttempt(Hex.of(id("a")), "sat", 0, T0 + 1, "error: boom"),
                new OrchesterStatus.FailedAttempt(Hex.of(id("b")), "sat", 0, T0 + 2, "error: bang")),
            recent.get(0).history());
        final OrchesterStatus back = OrchesterStatus.fromJson(router.status(T0).toJson());
        assertEquals(recent, back.recentDead(), "recent_dead survives the admin JSON");
    }

    @Test
    void dropsAndCountsLateReplies() throws Exception {
        ready("a", T0, info(1));
        request("x", T0);
        final byte[] token = requestsTo("a").get(0).get(0);
        reply("a", token, T0, Reply.error("e").encode());
        reply("a", token, T0, Reply.OK.encode(), utf8("stale attempt 1"));
        reply("a", DispatchToken.encode(999, 1), T0, Reply.OK.encode(), utf8("unknown dispatch"));
        assertEquals(2, counters().lateReplies());
        assertTrue(repliesToClient().isEmpty());
    }

    @Test
    void treatsAMalformedReplyHeaderAsMalformedAndAsAFailedAttempt() throws Exception {
        ready("a", T0, info(1));
        request("x", T0);
        final byte[] token = requestsTo("a").get(0).get(0);
        reply("a", token, T0, new byte[] {(byte) 0xc1}, utf8("payload"));
        assertEquals(1, counters().malformed());
        assertEquals(1, counters().errors());
        assertEquals(2, DispatchToken.attempt(requestsTo("a").get(0).get(0)), "retried");
        assertTrue(repliesToClient().isEmpty());
    }

    @Test
    void tellsUnknownWorkersToDisconnectAndDuplicateReadyToo() throws Exception {
        handle(T0, id("ghost"), EMPTY, MDPW01, new byte[] {0x04});
        assertEquals(1, commandsTo("ghost", (byte) 0x05).size());
        ready("a", T0);
        request("x", T0);
        ready("a", T0);
        assertEquals(1, commandsTo("a", (byte) 0x05).size());
        assertEquals(0, router.status(T0).workers());
        assertEquals(1, router.status(T0).queued(), "its request went back to the queue");
    }

    @Test
    void refusesMalformedMessagesBeforeChangingAnything() throws Exception {
        ready("a", T0);
        final List<byte[][]> bad = List.of(
            new byte[][] {id("x")},
            new byte[][] {id("x"), utf8("not empty"), MDPC01, utf8("svc"), utf8("b")},
            new byte[][] {id("x"), EMPTY, utf8("MDPC02"), utf8("svc"), utf8("b")},
            new byte[][] {id("x"), EMPTY, MDPC01, utf8("svc")},
            new byte[][] {id("x"), EMPTY, MDPC01, new byte[256], utf8("b")},
            new byte[][] {id("x"), EMPTY, MDPC01, new byte[] {(byte) 0xff, (byte) 0xfe}, utf8("b")},
            new byte[][] {id("a"), EMPTY, MDPW01},
            new byte[][] {id("a"), EMPTY, MDPW01, new byte[] {0x09}},
            new byte[][] {id("a"), EMPTY, MDPW01, new byte[] {0x01, 0x02}},
            new byte[][] {id("a"), EMPTY, MDPW01, new byte[] {0x03}, new byte[11], EMPTY, utf8("b")},
            new byte[][] {id("a"), EMPTY, MDPW01, new byte[] {0x03}, new byte[12], utf8("x"), utf8("b")},
            new byte[][] {id("a"), EMPTY, MDPW01, new byte[] {0x04}, utf8("extra")},
            new byte[][] {id("n"), EMPTY, MDPW01, new byte[] {0x01}, utf8("svc"), new byte[] {(byte) 0x83, 0x01}},
            new byte[][] {id("n"), EMPTY, MDPW01, new byte[] {0x01}, utf8("svc"), new WorkerInfo("s", 0, 1).encode(), EMPTY});
        for (final byte[][] frames : bad) {
            assertThrows(MalformedFrameException.class, () -> handle(T0, frames),
                () -> frames.length + " frames accepted: " + Arrays.toString(frames));
        }
        assertEquals(1, router.status(T0).workers(), "no worker taken down, none added");
        assertEquals(0, router.status(T0).totals().requests());
        assertTrue(sent.isEmpty(), "nothing sent");
    }

    @Test
    void answersAdminAndMmiItself() throws Exception {
        ready("a", T0);
        handle(T0, CLIENT, EMPTY, MDPC01, utf8("mmi.service"), utf8("svc"));
        handle(T0, CLIENT, EMPTY, MDPC01, utf8("satbus.admin"), utf8("status"));
        final List<List<byte[]>> replies = repliesToClient();
        assertArrayEquals(utf8("200"), replies.get(0).get(0));
        final OrchesterStatus status = OrchesterStatus.fromJson(text(replies.get(1).get(0)));
        assertEquals("unit", status.topology());
        assertEquals(1, status.service("svc").workers().size());
        assertEquals(-1, status.service("svc").workers().get(0).instance());
    }

    private String admin(final String command) throws MalformedFrameException {
        sent.clear();
        handle(T0, CLIENT, EMPTY, MDPC01, utf8("satbus.admin"), utf8(command));
        return text(repliesToClient().get(0).get(0));
    }

    @Test
    void keepsEachHostsLastRunFiguresFromTheAdminServiceAndSumsThem() throws Exception {
        assertTrue(router.runFigures().isEmpty());

        assertEquals("{\"ok\":\"run figures of main taken\"}", admin("run main 100 90 1 2 0"));
        admin("run edge 0 8 0 0 1");
        admin(" run main 110 100 1 2 0 ");

        assertArrayEquals(new long[] {110, 108, 1, 2, 1}, router.runFigures().sum(), "main's newer figures replace its older");
    }

    @Test
    void refusesRunFiguresThatAreNotFiveCountsSayingWhatItExpects() throws Exception {
        admin("run main 1 1 0 0 0");

        for (String bad : new String[] {"run main 1 2 x 4 5", "run main 1 2 3", "run main 1 2 3 4 -5", "run"}) {
            final String reply = admin(bad);
            assertTrue(reply.contains("\"error\":\"satbus.admin run : \\\"" + bad + "\\\" (expected: run HOST GENERATED"
                + " DELIVERED DUPLICATES DEAD LOST, each count an integer >= 0)"), reply);
        }
        assertArrayEquals(new long[] {1, 1, 0, 0, 0}, router.runFigures().sum(), "nothing taken from a bad command");
        assertEquals("{\"error\":\"satbus.admin command : \\\"reboot\\\" (expected: status or run HOST GENERATED"
            + " DELIVERED DUPLICATES DEAD LOST)\",\"commands\":[\"status\",\"run\"]}", admin("reboot"));
    }

    @Test
    void keepsEachSatellitesLastOwnFiguresFromTheAdminService() throws Exception {
        assertEquals("{\"ok\":\"figures of satellite gen taken\"}", admin("satellite gen 100 3 0 0 1 0 1 5000000"));
        admin("satellite gen 120 2 0 0 1 0 1 5100000");
        admin("satellite out 0 0 0 118 0 0 1 4000000");
        final java.util.Map<String, io.satbus.core.tracking.SatelliteFigures> seen = new java.util.TreeMap<>();
        router.runFigures().satellites().forEach(f -> seen.put(f.satellite(), f));
        assertEquals(new io.satbus.core.tracking.SatelliteFigures("gen", 120, 2, 0, 0, 1, 0, 1, 5_100_000), seen.get("gen"),
            "the newer figures replace the older");
        assertEquals(118, seen.get("out").handled());
        for (String bad : new String[] {"satellite gen 1 2 3", "satellite gen 1 2 3 4 5 6 7 -8", "satellite"}) {
            final String reply = admin(bad);
            assertTrue(reply.contains("\"error\":\"satbus.admin satellite : \\\"" + bad + "\\\" (expected: satellite NAME SENT"
                + " OUTSTANDING LOST HANDLED RESTARTS FLAPPING UP HEAP_USED, each count an integer >= 0)"), reply);
        }
    }
}
