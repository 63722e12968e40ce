package io.satbus.orchester;

import static io.satbus.testing.RawMdp.EMPTY;
import static io.satbus.testing.RawMdp.MDPC01;
import static io.satbus.testing.RawMdp.MDPW01;
import static io.satbus.testing.RawMdp.text;
import static io.satbus.testing.RawMdp.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Reply;
import io.satbus.core.protocol.DispatchToken;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.protocol.WorkerInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Poison isolation on the broker logic, without sockets, on a manual clock: a worker lost while
 * it holds several requests charges none of them; each is tried again alone, and only the one
 * that kills a worker while alone is charged ("worker lost") and goes dead after its attempts.
 */
@Timeout(10)
class PoisonIsolationTest {
    private static final long T0 = 1_000_000;
    private static final long HEARTBEAT_MS = 1000;
    private static final int LIVENESS = 3;
    private static final byte[] CLIENT = {0, 'c'};
    private static final String POISON = "poison";

    private final List<List<byte[]>> sent = new ArrayList<>();
    private final List<List<byte[]>> published = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final OrchesterConfig config = OrchesterConfig.from(TestTopologies.topology("poison", HEARTBEAT_MS, LIVENESS,
        1 << 20, 2, Map.of("svc", 2)), 1L << 30);
    private ServiceRouter router = new ServiceRouter(config, f -> sent.add(List.copyOf(f)), f -> published.add(List.copyOf(f)),
        Tracking.local(RetryPolicy.maxRetries(config)), new WarnLimiter(LoggerFactory.getLogger(PoisonIsolationTest.class), 10, 1000));

    private void handle(final long now, final byte[]... frames) throws MalformedFrameException {
        router.onMessage(new ArrayList<>(Arrays.asList(frames)), now);
    }

    private void ready(final String worker, final int credit, final long now) throws MalformedFrameException {
        handle(now, utf8(worker), EMPTY, MDPW01, new byte[] {0x01}, utf8("svc"), new WorkerInfo("svc", 0, credit).encode());
    }

    private void request(final String body, final long now) throws MalformedFrameException {
        handle(now, CLIENT, EMPTY, MDPC01, utf8("svc"), utf8(body));
    }

    private void replyOk(final String worker, final byte[] token, final long now) throws MalformedFrameException {
        handle(now, utf8(worker), EMPTY, MDPW01, new byte[] {0x03}, token, EMPTY, Reply.OK.encode(), utf8("done"));
    }

    private void disconnect(final String worker, final long now) throws MalformedFrameException {
        handle(now, utf8(worker), EMPTY, MDPW01, new byte[] {0x05});
    }

    /** REQUESTs sent to {@code worker} as body text -> token, in order; removes them from {@link #sent}. */
    private Map<String, byte[]> takeRequests(final String worker) {
        final Map<String, byte[]> out = new LinkedHashMap<>();
        sent.removeIf(m -> {
            if (Arrays.equals(m.get(0), utf8(worker)) && m.size() >= 7 && m.get(3)[0] == 0x02) {
                out.put(text(m.get(6)), m.get(4));
                return true;
            }
            return false;
        });
        return out;
    }

    private int repliesToClient() {
        int n = 0;
        for (final List<byte[]> m : sent) {
            if (Arrays.equals(m.get(0), CLIENT)) {
                n++;
            }
        }
        return n;
    }

    private OrchesterStatus.CounterValues counters(final long now) {
        return router.status(now).service("svc").counters();
    }

    @Test
    void onlyThePoisonIsChargedForTheCrashesItCausesAndGoesDeadAlone() throws Exception {
        long now = T0;
        final Map<String, Map<String, byte[]>> holding = new TreeMap<>();
        int generation = 0;
        for (final String w : List.of("a", "b")) {
            ready(w, 10, now);
            holding.put(w, new LinkedHashMap<>());
        }
        for (int i = 0; i < 20; i++) {
            request(i == 7 ? POISON : "m" + i, now);
        }
        final List<Integer> innocentAttempts = new ArrayList<>();
        // Every step: each worker takes what it was sent; one that holds the poison crashes (half of
        // them by DISCONNECT, half by going silent), and its supervisor starts a new one; the others
        // answer everything they hold.
        for (int step = 0; step < 200 && !router.status(now).drained(); step++) {
            now += 10;
            for (final String w : new ArrayList<>(holding.keySet())) {
                holding.get(w).putAll(takeRequests(w));
            }
            for (final String w : new ArrayList<>(holding.keySet())) {
                final Map<String, byte[]> held = holding.get(w);
                if (held.containsKey(POISON)) {
                    holding.remove(w);
                    if (generation % 2 == 0) {
                        disconnect(w, now);
                    } else {
                        final long silentSince = now;
                        for (final String other : holding.keySet()) {
                            handle(silentSince + HEARTBEAT_MS * LIVENESS, utf8(other), EMPTY, MDPW01, new byte[] {0x04});
                        }
                        now = silentSince + HEARTBEAT_MS * LIVENESS + 1;
                        router.onTick(now);
                    }
                    final String fresh = "r" + ++generation;
                    ready(fresh, 10, now);
                    holding.put(fresh, new LinkedHashMap<>());
                    continue;
                }
                for (final Map.Entry<String, byte[]> e : held.entrySet()) {
                    innocentAttempts.add(DispatchToken.attempt(e.getValue()));
                    replyOk(w, e.getValue(), now);
                }
                held.clear();
            }
        }
        assertTrue(router.status(now).drained(), "everything answered or dead: " + router.status(now));
        assertEquals(19, repliesToClient(), "every innocent answered");
        assertEquals(List.of(1), innocentAttempts.stream().distinct().toList(), "no innocent was ever charged an attempt");
        final OrchesterStatus.CounterValues c = counters(now);
        assertEquals(3, c.workerLost(), "1 + max_retries crashes, all the poison's");
        assertEquals(1, c.dead());
        assertTrue(c.suspects() >= 9, "the first crash's bystanders were suspects, not charged: " + c.suspects());
        assertEquals(1, published.size(), "one dead letter");
        final OrchesterStatus.DeadMessage dead = router.status(now).recentDead().get(0);
        assertEquals(3, dead.attempts());
        assertEquals(List.of("worker lost", "worker lost", "worker lost"),
            dead.history().stream().map(OrchesterStatus.FailedAttempt::outcome).toList());
        assertEquals(3, dead.history().stream().map(OrchesterStatus.FailedAttempt::worker).distinct().count(),
            "each crash names the worker it killed");
    }

    @Test
    void aSuspectGoesOnlyToAnIdleWorkerAndNothingElseIsSentThereUntilItIsAnswered() throws Exception {
        ready("a", 10, T0);
        request("r1", T0);
        request("r2", T0);
        request("r3", T0);
        assertEquals(List.of("r1", "r2", "r3"), List.copyOf(takeRequests("a").keySet()));
        disconnect("a", T0);
        assertEquals(3, counters(T0).suspects());
        assertEquals(0, counters(T0).workerLost());

        ready("b", 10, T0);
        final Map<String, byte[]> toB = takeRequests("b");
        assertEquals(List.of("r1"), List.copyOf(toB.keySet()), "one suspect, alone");
        request("r4", T0);
        assertTrue(takeRequests("b").isEmpty(), "nothing joins a suspect, and nothing passes the suspects waiting");
        ready("c", 10, T0);
        final Map<String, byte[]> toC = takeRequests("c");
        assertEquals(List.of("r2"), List.copyOf(toC.keySet()));

        replyOk("b", toB.get("r1"), T0);
        final Map<String, byte[]> toB2 = takeRequests("b");
        assertEquals(List.of("r3"), List.copyOf(toB2.keySet()), "the next suspect takes b once it is idle");
        replyOk("c", toC.get("r2"), T0);
        assertEquals(List.of("r4"), List.copyOf(takeRequests("c").keySet()), "no suspect waits: ordinary work flows again");
        assertTrue(takeRequests("b").isEmpty(), "b still isolates r3");
        replyOk("b", toB2.get("r3"), T0);
        assertEquals(4, router.status(T0).totals().dispatched() - 3, "r1..r3 once more, r4 once");
        assertEquals(3, repliesToClient());
    }

    @Test
    void aWorkerLostHoldingOneRequestChargesItAndItStaysIsolated() throws Exception {
        ready("a", 10, T0);
        request("r1", T0);
        takeRequests("a");
        disconnect("a", T0);
        assertEquals(1, counters(T0).workerLost());
        assertEquals(0, counters(T0).suspects());
        ready("b", 10, T0);
        request("r2", T0);
        final Map<String, byte[]> toB = takeRequests("b");
        assertEquals(List.of("r1"), List.copyOf(toB.keySet()), "the charged one goes alone; r2 waits behind it");
        assertEquals(2, DispatchToken.attempt(toB.get("r1")));
    }

    @Test
    void theTrackerIsToldOfSuspectsAndNotOfFailuresForThem() throws Exception {
        router = new ServiceRouter(config, f -> sent.add(List.copyOf(f)), published::add, new Recording(),
            new WarnLimiter(LoggerFactory.getLogger(PoisonIsolationTest.class), 10, 1000));
        ready("a", 10, T0);
        request("r1", T0);
        request("r2", T0);
        disconnect("a", T0);
        ready("b", 10, T0);
        assertEquals(List.of("up 1", "dispatched 1 1 1", "dispatched 2 1 1", "suspect 1 1", "suspect 2 1", "down 1",
            "up 2", "dispatched 1 1 2"), events, "the same attempt, again, to b alone");
        disconnect("b", T0);
        assertEquals(List.of("failed 1 1 worker lost", "down 2"), events.subList(8, 10), "alone: charged");
    }

    /** A tracker that writes down what it is told and decides later. */
    private final class Recording implements Tracking {
        @Override public void workerUp(final Worker w) { events.add("up " + w.key); }
        @Override public void workerDown(final Worker w) { events.add("down " + w.key); }
        @Override public void dispatched(final Dispatch d, final Worker w) { events.add("dispatched " + d.id + " " + d.attempt + " " + w.key); }
        @Override public void replied(final Dispatch d) { events.add("replied " + d.id + " " + d.attempt); }
        @Override public Verdict failed(final Dispatch d, final Dispatch.FailedAttempt f) {
            events.add("failed " + d.id + " " + d.attempt + " " + f.outcome());
            return Verdict.LATER;
        }
        @Override public void progress(final Dispatch d) { }
        @Override public void lateReply(final Worker w, final long id, final int attempt) { }
        @Override public void suspect(final Dispatch d) { events.add("suspect " + d.id + " " + d.attempt); }
        @Override public void gaveUp(final Dispatch d, final int attempts, final long atMs, final String outcome) { }
    }
}
