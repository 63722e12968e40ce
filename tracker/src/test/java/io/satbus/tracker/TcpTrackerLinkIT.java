package io.satbus.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.testing.Eventually;
import io.satbus.testing.RawMdp;
import io.satbus.testing.RawSatbusWorker;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgpack.value.Value;

/** The same state machine, reached over TCP: the tracker as it runs on another host. */
@Timeout(60)
class TcpTrackerLinkIT {
    private static final long HEARTBEAT_MS = 100;

    @Test
    void retriesTimesOutAndDeadLettersOverATcpTrackerLink() throws Exception {
        try (TrackedBus bus = TrackedBus.overTcp(TrackerTopologies.topology("tcp", HEARTBEAT_MS, 50,
            Map.of("svc", new long[] {1500, 1})))) {
            assertTrue(bus.tracker.endpoint().startsWith("tcp://127.0.0.1:"), bus.tracker.endpoint());
            // "bad" always fails; "slow" is swallowed at its first attempt; the rest answered at once.
            bus.closeLater(new RawSatbusWorker(bus.ctx, bus.serviceEndpoint, "svc", "svc", 0, 10, HEARTBEAT_MS,
                (body, attempt) -> body.equals("bad") ? List.of(RawSatbusWorker.Step.error("no " + attempt))
                    : body.equals("slow") && attempt == 1 ? List.of() : List.of(RawSatbusWorker.Step.ok(0))));
            bus.awaitWorkers(1);
            final RawMdp.Client client = new RawMdp.Client(bus.ctx, bus.serviceEndpoint);
            client.request("svc", "bad");
            client.request("svc", "slow");
            client.request("svc", "fine");
            final Set<String> replies = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                final String r = client.replyText(TrackedBus.WAIT_MS);
                assertNotNull(r, "replies so far: " + replies);
                replies.add(r);
            }
            assertEquals(Set.of("re:slow", "re:fine"), replies);

            final List<List<byte[]>> dead = bus.deadLetters(1, TrackedBus.WAIT_MS);
            assertEquals(1, dead.size());
            assertEquals("bad", TrackedOrchesterIT.text(dead.get(0).get(2)));
            final List<Value> history = TrackedOrchesterIT.map(dead.get(0).get(1)).get("history").asArrayValue().list();
            assertEquals("error: no 1", TrackedOrchesterIT.map(history.get(0)).get("outcome").asStringValue().asString());
            assertEquals("error: no 2", TrackedOrchesterIT.map(history.get(1)).get("outcome").asStringValue().asString());

            Eventually.waitUntil("tracker idle", TrackedBus.WAIT_MS, () -> bus.gauge("tracker.in_flight") == 0
                && bus.count("svc.done") == 2);
            assertEquals(2, bus.count("svc.errors"));
            assertEquals(1, bus.count("svc.timeouts"));
            assertEquals(2, bus.count("svc.retries"), "one for bad, one for slow, each after the 50 ms backoff");
            assertEquals(1, bus.count("svc.dead"));
            final DeadMessage d = bus.tracker.status().recentDead().get(0);
            assertEquals("svc", d.service());
            assertEquals(2, d.attempts());
            assertEquals("error: no 2", d.history().get(1).outcome());
            Eventually.waitUntil("orchester status reached the tracker", TrackedBus.WAIT_MS,
                () -> bus.gauge("orchester.workers") == 1);
        }
    }

    @Test
    void aRestartedTrackerLearnsTheOrchestersWorkersAndDispatchesAndEnforcesTheirDeadlines() throws Exception {
        // A 3 s deadline, one retry; "hang" is swallowed at its first attempt, answered at its second.
        try (TrackedBus bus = TrackedBus.overTcp(TrackerTopologies.topology("restart", HEARTBEAT_MS, 0,
            Map.of("svc", new long[] {3000, 1})))) {
            final RawSatbusWorker worker = bus.closeLater(new RawSatbusWorker(bus.ctx, bus.serviceEndpoint, "svc", "svc",
                0, 10, HEARTBEAT_MS, (body, attempt) -> body.equals("hang") && attempt == 1 ? List.of()
                    : List.of(RawSatbusWorker.Step.ok(0))));
            bus.awaitWorkers(1);
            final RawMdp.Client client = new RawMdp.Client(bus.ctx, bus.serviceEndpoint);
            client.request("svc", "before");
            assertEquals("re:before", client.replyText(TrackedBus.WAIT_MS));
            client.request("svc", "hang");
            Eventually.waitUntil("the worker holds the hanging message", TrackedBus.WAIT_MS,
                () -> worker.received.get() == 2);

            // The tracker that saw the worker register and "hang" go out is gone; its deadline with it.
            bus.restartTracker();

            assertEquals("re:hang", client.replyText(TrackedBus.WAIT_MS), "the new tracker timed out and retried the "
                + "attempt that went out before it started");
            Eventually.waitUntil("the new tracker saw the retry answered", TrackedBus.WAIT_MS,
                () -> bus.count("svc.done") == 1);
            assertEquals(1, bus.count("svc.timeouts"));
            assertEquals(1, bus.count("svc.retries"));
            assertEquals(1, bus.count("svc.0.timeouts"), "the worker the orchester told it about");
            assertEquals(1, bus.gauge("svc.workers_alive"));
            assertEquals(0, bus.gauge("tracker.in_flight"));

            client.request("svc", "after");
            assertEquals("re:after", client.replyText(TrackedBus.WAIT_MS));
            Eventually.waitUntil("the new tracker tracks new messages", TrackedBus.WAIT_MS,
                () -> bus.count("svc.done") == 2);
        }
    }
}
