package io.satbus.orchester;

import static io.satbus.testing.RawMdp.EMPTY;
import static io.satbus.testing.RawMdp.MDPC01;
import static io.satbus.testing.RawMdp.MDPW01;
import static io.satbus.testing.RawMdp.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.protocol.DispatchToken;
import io.satbus.core.protocol.MalformedFrameException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** How the dispatcher applies a tracker's decisions, on frames without sockets. */
@Timeout(10)
class TrackerDecisionsTest {
    private static final long T0 = 1_000_000;

    private final List<String> events = new ArrayList<>();
    private final List<List<byte[]>> sent = new ArrayList<>();
    private final List<List<byte[]>> published = new ArrayList<>();
    private final OrchesterConfig config = OrchesterConfig.from(TestTopologies.topology("decide", 1000, 3, 1 << 20, 2,
        Map.of("svc", 1)));
    private final ServiceRouter router = new ServiceRouter(config, f -> sent.add(List.copyOf(f)), published::add, new Recording(),
        new WarnLimiter(LoggerFactory.getLogger(TrackerDecisionsTest.class), 10, 1000));
    private final Dispatcher dispatcher = router.dispatcher();

    /** A tracker that writes down what it is told and always decides later. */
    private final class Recording implements Tracking {
        @Override public void workerUp(final Worker w) { events.add("up " + w.key); }
        @Override public void workerDown(final Worker w) { events.add("down " + w.key); }
        @Override public void dispatched(final Dispatch d, final Worker w) { events.add("dispatched " + d.id + " " + d.attempt + " " + w.key); }
        @Override public void replied(final Dispatch d) { events.add("replied " + d.id + " " + d.attempt); }
        @Override public Verdict failed(final Dispatch d, final Dispatch.FailedAttempt f) {
            events.add("failed " + d.id + " " + d.attempt + " " + f.outcome());
            return Verdict.LATER;
        }
        @Override public void progress(final Dispatch d) { events.add("progress " + d.id + " " + d.attempt); }
        @Override public void lateReply(final Worker w, final long id, final int attempt) { events.add("late " + id + " " + attempt); }
        @Override public void suspect(final Dispatch d) { events.add("suspect " + d.id + " " + d.attempt); }
        @Override public void gaveUp(final Dispatch d, final int attempts, final long atMs, final String outcome) {
            events.add("gave up " + d.id + " " + attempts + " " + outcome);
        }
    }

    private void handle(final byte[]... frames) throws MalformedFrameException {
        router.onMessage(new ArrayList<>(Arrays.asList(frames)), T0);
    }

    private List<byte[]> lastRequestTo(final String worker) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            final List<byte[]> m = sent.get(i);
            if (Arrays.equals(m.get(0), utf8(worker)) && m.size() >= 6 && m.get(3)[0] == 0x02) {
                return m;
            }
        }
        throw new AssertionError("no REQUEST to " + worker);
    }

    @Test
    void appliesTimeoutRetryAndDeadAndIgnoresStaleDecisions() throws Exception {
        handle(utf8("w1"), EMPTY, MDPW01, new byte[] {0x01}, utf8("svc"));
        handle(utf8("c"), EMPTY, MDPC01, utf8("svc"), utf8("hello"));
        assertEquals(List.of("up 1", "dispatched 1 1 1"), events);
        final byte[] token1 = lastRequestTo("w1").get(4);

        handle(utf8("w1"), EMPTY, MDPW01, new byte[] {0x06}, token1);
        assertEquals("progress 1 1", events.get(2), "PROGRESS for the attempt in flight is forwarded");

        dispatcher.timeout(1, 2, T0);
        assertEquals(3, events.size(), "a TIMEOUT for another attempt is stale");
        dispatcher.timeout(1, 1, T0);
        assertEquals("failed 1 1 timeout", events.get(3));
        assertEquals(0, router.status(T0).service("svc").inFlight(), "the worker's slot is freed");
        assertEquals(1, router.status(T0).awaitingDecision());

        handle(utf8("w1"), EMPTY, MDPW01, new byte[] {0x03}, token1, EMPTY, utf8("too late"));
        assertEquals("late 1 1", events.get(4), "the timed-out attempt's reply is late");
        assertEquals(1, router.status(T0).totals().lateReplies());

        dispatcher.retry(1, 3, T0);
        assertEquals(5, events.size(), "a RETRY skipping an attempt is stale");
        dispatcher.retry(1, 2, T0);
        assertEquals("dispatched 1 2 1", events.get(5));
        final byte[] token2 = lastRequestTo("w1").get(4);
        assertEquals(2, DispatchToken.attempt(token2));

        handle(utf8("w1"), EMPTY, MDPW01, new byte[] {0x05});
        assertEquals(List.of("failed 1 2 worker lost", "down 1"), events.subList(6, 8),
            "failures before the worker goes down");
        dispatcher.dead(1, 2, T0);
        assertEquals(1, published.size(), "dead letter published");
        dispatcher.dead(1, 2, T0);
        assertEquals(1, published.size(), "once");
        final OrchesterStatus s = router.status(T0);
        assertEquals(1, s.totals().timeouts());
        assertEquals(1, s.totals().retries());
        assertEquals(1, s.totals().dead());
        assertEquals(1, s.totals().progress());
        assertTrue(s.drained());
    }

    @Test
    void attemptsWhoseTrackerDecisionIsOverdueAreDecidedByTheRetryPolicy() throws Exception {
        final long deadline = config.decisionDeadlineMs();
        final RetryPolicy policy = RetryPolicy.maxRetries(config);
        handle(utf8("w1"), EMPTY, MDPW01, new byte[] {0x01}, utf8("svc"));
        handle(utf8("c"), EMPTY, MDPC01, utf8("svc"), utf8("hello"));
        dispatcher.timeout(1, 1, T0);
        assertEquals(1, router.status(T0).awaitingDecision(), "waiting for the tracker");

        assertEquals(0, dispatcher.decideOverdue(T0 + deadline - 1, deadline, policy), "not overdue yet");
        assertEquals(1, router.status(T0).awaitingDecision());
        assertEquals(1, dispatcher.decideOverdue(T0 + deadline, deadline, policy));
        assertEquals(0, router.status(T0).awaitingDecision());
        assertEquals(2, DispatchToken.attempt(lastRequestTo("w1").get(4)), "retried as the policy says (max_retries 1)");
        final int requests = sent.size();
        dispatcher.retry(1, 2, T0 + deadline);
        assertEquals(requests, sent.size(), "the tracker's RETRY coming late finds nothing waiting");

        dispatcher.timeout(1, 2, T0 + deadline);
        assertEquals(1, dispatcher.decideOverdue(T0 + 2 * deadline, deadline, policy));
        assertEquals(1, published.size(), "its last attempt failed: dead letter, not another wait");
        assertEquals(1, router.status(T0).totals().dead());
        assertTrue(router.status(T0).drained());
    }
}
