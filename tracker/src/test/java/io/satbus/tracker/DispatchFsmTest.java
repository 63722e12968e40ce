package io.satbus.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.satbus.core.tracking.Outcomes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The state machine on simulated time: no sockets, no sleeping. */
@Timeout(10)
class DispatchFsmTest {
    private static final String T = "unit";
    private static final long AT_MS = 1_700_000_000_123L;
    /** Deadlines fire at most one wheel tick (about 1 ms) late: advance a little past them. */
    private static final long SLACK_MS = 3;

    private final ManualClock clock = new ManualClock();
    private final MetricRegistry registry = new MetricRegistry();
    private final Decisions decisions = new Decisions();
    private final TrackerEngine engine = engine(0);
    private final DispatchFsm fsm = engine.fsm();

    private TrackerEngine engine(final long backoffMs) {
        // svc: timeout 100 ms, 2 retries; slow: timeout 1000 ms, 0 retries.
        final TrackerConfig config = TrackerConfig.from(TrackerTopologies.topology(T, 1000, backoffMs,
            Map.of("svc", new long[] {100, 2}, "slow", new long[] {1000, 0})));
        final TrackerEngine e = new TrackerEngine(config, registry, clock, decisions, 16);
        e.onWorkerUp(1, "00aa", "svc", "svc", 0);
        e.onWorkerUp(2, "00bb", "svc", "svc", 1);
        e.onWorkerUp(3, "00cc", "slow", "", -1);
        return e;
    }

    private long count(final String name) {
        return registry.counter("satbus." + T + "." + name).getCount();
    }

    private long gauge(final String name) {
        return (Long) registry.getGauges().get("satbus." + T + "." + name).getValue();
    }

    private void advance(final long ms) {
        clock.advanceMs(ms);
        fsm.poll(clock.getTick());
    }

    @Test
    void repliedAttemptIsDoneForgottenAndTimed() {
        assertEquals(DispatchState.DISPATCHED, fsm.dispatched(7, 1, 1, clock.getTick()));
        assertEquals(1, gauge("svc.in_flight"));
        assertEquals(1, gauge("svc.0.in_flight"));
        clock.advanceMs(40);
        assertEquals(DispatchState.DONE, fsm.replied(7, 1, clock.getTick()));
        assertNull(fsm.state(7), "DONE is final: forgotten");
        assertEquals(1, count("svc.dispatched"));
        assertEquals(1, count("svc.done"));
        assertEquals(1, count("svc.0.done"));
        assertEquals(0, gauge("svc.in_flight"));
        assertEquals(0, gauge("tracker.in_flight"));
        assertEquals(1, registry.timer("satbus.unit.svc.latency").getCount());
        assertEquals(40_000_000, registry.timer("satbus.unit.svc.latency").getSnapshot().getMax(), 40_000_000 / 100.0,
            "to two significant digits");
        advance(10_000);
        assertTrue(decisions.take().isEmpty(), "no deadline left behind");
    }

    @Test
    void errorRepliesAreRetriedUntilTheLastAttemptThenDeadWithHistory() {
        fsm.dispatched(7, 1, 1, clock.getTick());
        assertEquals(DispatchState.DISPATCHED, fsm.failed(7, 1, AT_MS, Outcomes.error("bad 1"), clock.getTick()));
        assertEquals(List.of("retry 7 2"), decisions.take());
        assertEquals(2, fsm.attempt(7));
        fsm.dispatched(7, 2, 2, clock.getTick());
        fsm.failed(7, 2, AT_MS + 1, Outcomes.WORKER_LOST, clock.getTick());
        assertEquals(List.of("retry 7 3"), decisions.take());
        fsm.dispatched(7, 3, 1, clock.getTick());
        assertEquals(DispatchState.DEAD, fsm.failed(7, 3, AT_MS + 2, Outcomes.error("bad 3"), clock.getTick()));
        assertEquals(List.of("dead 7 3"), decisions.take());
        assertNull(fsm.state(7), "DEAD is final: forgotten");

        assertEquals(2, count("svc.errors"));
        assertEquals(1, count("svc.worker_lost"));
        assertEquals(2, count("svc.retries"));
        assertEquals(1, count("svc.dead"));
        assertEquals(1, count("tracker.dead"));
        assertEquals(1, count("svc.1.worker_lost"));
        final DeadMessage dead = engine.recentDead().get(0);
        assertEquals(new DeadMessage("svc", 7, 3, AT_MS + 2, List.of(
            new Failure("00aa", "svc", 0, AT_MS, "error: bad 1"),
            new Failure("00bb", "svc", 1, AT_MS + 1, "worker lost"),
            new Failure("00aa", "svc", 0, AT_MS + 2, "error: bad 3"))), dead);
        assertEquals(0, engine.failing(), "history moved to the ring");
    }

    @Test
    void deadlineAsksForATimeoutAndAsksAgainUntilTheOrchesterAnswers() {
        fsm.dispatched(7, 1, 1, clock.getTick());
        advance(99);
        assertTrue(decisions.take().isEmpty(), "not before the deadline");
        advance(SLACK_MS);
        assertEquals(List.of("timeout 7 1"), decisions.take());
        assertEquals(DispatchState.DISPATCHED, fsm.state(7), "still on its worker until the orchester says FAILED");
        assertEquals(0, count("svc.timeouts"), "counted when the orchester confirms");
        advance(100 + SLACK_MS);
        assertEquals(List.of("timeout 7 1"), decisions.take(), "a lost TIMEOUT is asked again");
        assertEquals(DispatchState.DISPATCHED, fsm.failed(7, 1, AT_MS, Outcomes.TIMEOUT, clock.getTick()));
        assertEquals(List.of("retry 7 2"), decisions.take());
        assertEquals(1, count("svc.timeouts"));
        assertEquals(1, count("svc.0.timeouts"));
        advance(1000);
        assertTrue(decisions.take().isEmpty(), "no deadline while the retry waits for a worker");
    }

    @Test
    void aReplyThatCrossedTheTimeoutWinsAndNothingIsRetried() {
        fsm.dispatched(7, 1, 1, clock.getTick());
        advance(100 + SLACK_MS);
        assertEquals(List.of("timeout 7 1"), decisions.take());
        assertEquals(DispatchState.DONE, fsm.replied(7, 1, clock.getTick()), "the orchester answered first");
        advance(1000);
        assertTrue(decisions.take().isEmpty());
        assertEquals(0, count("svc.timeouts"));
        assertEquals(0, count("svc.retries"));
        assertNull(fsm.failed(7, 1, AT_MS, Outcomes.TIMEOUT, clock.getTick()), "stale: ignored");
        assertEquals(1, count("tracker.unknown"));
    }

    @Test
    void progressStartsTheDeadlineOver() {
        fsm.dispatched(7, 1, 1, clock.getTick());
        for (int i = 0; i < 10; i++) {
            advance(80);
            assertTrue(fsm.progress(7, 1, clock.getTick()));
        }
        assertTrue(decisions.take().isEmpty(), "800 ms on a 100 ms deadline, kept alive by progress");
        assertEquals(10, count("svc.progress"));
        assertEquals(10, count("svc.0.progress"));
        advance(100 + SLACK_MS);
        assertEquals(List.of("timeout 7 1"), decisions.take(), "no progress: times out");
        assertFalse(fsm.progress(7, 2, clock.getTick()), "progress for another attempt is ignored");
    }

    @Test
    void backoffDelaysTheRetryDecision() {
        final TrackerEngine e = engine(50);
        final DispatchFsm f = e.fsm();
        f.dispatched(9, 1, 1, clock.getTick());
        assertEquals(DispatchState.FAILED_ATTEMPT, f.failed(9, 1, AT_MS, Outcomes.error("x"), clock.getTick()));
        clock.advanceMs(45);
        f.poll(clock.getTick());
        assertTrue(decisions.take().isEmpty(), "still backing off");
        clock.advanceMs(5 + SLACK_MS);
        f.poll(clock.getTick());
        assertEquals(List.of("retry 9 2"), decisions.take());
        assertEquals(DispatchState.DISPATCHED, f.state(9));
    }

    @Test
    void eachServiceHasItsOwnDeadlineAndRetries() {
        fsm.dispatched(1, 1, 1, clock.getTick());
        fsm.dispatched(2, 1, 3, clock.getTick());
        advance(100 + SLACK_MS);
        assertEquals(List.of("timeout 1 1"), decisions.take());
        advance(900);
        assertEquals(List.of("timeout 1 1", "timeout 2 1"), decisions.take(), "oldest tick first; 1 asked again");
        assertEquals(DispatchState.DEAD, fsm.failed(2, 1, AT_MS, Outcomes.TIMEOUT, clock.getTick()),
            "slow has max_retries 0");
        assertEquals(new Failure("00cc", "", -1, AT_MS, "timeout"), e0History());
    }

    private Failure e0History() {
        return engine.recentDead().get(0).history().get(0);
    }

    @Test
    void lateRepliesAreCountedAsDuplicates() {
        engine.onLateReply(7, 1, 2);
        assertEquals(1, count("svc.late_replies"));
        assertEquals(1, count("svc.1.late_replies"));
        assertNull(fsm.replied(8, 1, clock.getTick()), "never dispatched");
    }

    @Test
    void aNewOrchesterForgetsEverythingTracked() {
        fsm.dispatched(7, 1, 1, clock.getTick());
        engine.onHello(T);
        assertNull(fsm.state(7));
        assertEquals(0, engine.workers());
        assertEquals(1, count("tracker.resets"));
        assertEquals(0, gauge("svc.workers_alive"));
        advance(10_000);
        assertTrue(decisions.take().isEmpty(), "its deadline went with it");
    }

    @Test
    void workersAliveAndQueueDepthFollowTheOrchester() {
        assertEquals(2, gauge("svc.workers_alive"));
        engine.onWorkerDown(2);
        assertEquals(1, gauge("svc.workers_alive"));
        engine.onStatus(AT_MS, 5, 1, 2, 3, 4, 1 << 20);
        engine.onServiceStatus("svc", 5, 1, 20_480);
        assertEquals(5, gauge("svc.queue_depth"));
        assertEquals(20_480, gauge("svc.queued_bytes"));
        assertEquals(5, gauge("orchester.queued"));
        assertEquals(4, gauge("orchester.refused"));
        assertEquals(1 << 20, gauge("orchester.queued_bytes"));
    }

    @Test
    void aSuspectLeavesItsWorkerUnchargedAndResumesWithTheSameAttempt() {
        fsm.dispatched(7, 1, 1, clock.getTick());
        assertTrue(fsm.suspected(7, 1));
        assertEquals(DispatchState.DISPATCHED, fsm.state(7), "still the orchester's to send again");
        assertEquals(0, gauge("svc.in_flight"));
        assertEquals(1, count("svc.suspects"));
        assertEquals(1, count("svc.0.suspects"));
        assertEquals(0, count("svc.worker_lost"));
        advance(10_000);
        assertTrue(decisions.take().isEmpty(), "no deadline while it waits");
        fsm.dispatched(7, 1, 2, clock.getTick());
        advance(100 + SLACK_MS);
        assertEquals(List.of("timeout 7 1"), decisions.take(), "its deadline runs again from the new dispatch");
        fsm.failed(7, 1, AT_MS, Outcomes.WORKER_LOST, clock.getTick());
        assertEquals(List.of("retry 7 2"), decisions.take(), "alone it is charged");
        assertEquals(1, count("svc.worker_lost"));
        assertFalse(fsm.suspected(7, 1), "an attempt no longer in flight");
    }

    @Test
    void aMessageTheOrchesterGaveUpIsDeadAndCountedWhetherOrNotItWasTracked() {
        fsm.dispatched(7, 1, 1, clock.getTick());
        fsm.failed(7, 1, AT_MS, Outcomes.error("boom"), clock.getTick());
        assertEquals(List.of("retry 7 2"), decisions.take());
        engine.onGaveUp(7, 1, AT_MS + 1, "expired: no worker within 30s", "svc");
        assertNull(fsm.state(7), "released");
        engine.onGaveUp(8, 0, AT_MS + 2, "refused: too large: 5000 bytes (expected: <= 4096)", "svc");
        assertEquals(2, count("svc.dead"));
        assertEquals(2, count("tracker.dead"));
        assertEquals(1, count("svc.expired"));
        assertEquals(1, count("svc.too_large"));
        assertEquals(0, gauge("tracker.in_flight"));
        final List<DeadMessage> dead = engine.recentDead();
        assertEquals(2, dead.size());
        assertEquals(List.of("error: boom", "expired: no worker within 30s"),
            dead.get(0).history().stream().map(Failure::outcome).toList());
        assertEquals(0, dead.get(1).attempts());
    }
}
