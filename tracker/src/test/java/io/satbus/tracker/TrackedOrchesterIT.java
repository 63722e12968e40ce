package io.satbus.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.Endpoints;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.testing.RawMdp;
import io.satbus.testing.RawSatbusWorker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/** The orchester with its in-process tracker, against raw JeroMQ satbus workers on real sockets. */
@Timeout(60)
class TrackedOrchesterIT {
    private static final long HEARTBEAT_MS = 100;
    private static final long WAIT_MS = TrackedBus.WAIT_MS;

    @Test
    void timesOutSwallowedMessagesRetriesThemElsewhereAndDeadLettersThoseThatKeepFailing() throws Exception {
        // svc: 2 s deadline (answered messages must never be late, even on a loaded machine), 2 retries.
        try (TrackedBus bus = TrackedBus.inProcess(TrackerTopologies.topology("swallow", HEARTBEAT_MS, 0,
            Map.of("svc", new long[] {2000, 2})))) {
            final AtomicInteger flakyCount = new AtomicInteger();
            // Never answers poison; of the rest, never answers one in ten.
            final RawSatbusWorker flaky = bus.closeLater(new RawSatbusWorker(bus.ctx, bus.serviceEndpoint, "svc", "svc", 0, 100,
                HEARTBEAT_MS, (body, attempt) -> body.startsWith("poison") || flakyCount.incrementAndGet() % 10 == 0
                    ? List.of() : List.of(RawSatbusWorker.Step.ok(0))));
            final RawSatbusWorker good = bus.closeLater(new RawSatbusWorker(bus.ctx, bus.serviceEndpoint, "svc", "svc", 1, 100,
                HEARTBEAT_MS, (body, attempt) -> body.startsWith("poison") ? List.of()
                    : List.of(RawSatbusWorker.Step.ok(0))));
            bus.awaitWorkers(2);
            final RawMdp.Client client = new RawMdp.Client(bus.ctx, bus.serviceEndpoint);
            final int messages = 100;
            final Set<String> poison = Set.of("poison-7", "poison-42", "poison-77");
            for (int i = 0; i < messages; i++) {
                client.request("svc", poison.contains("poison-" + i) ? "poison-" + i : "m" + i);
            }
            final Set<String> replies = new HashSet<>();
            while (replies.size() < messages - poison.size()) {
                final String r = client.replyText(WAIT_MS);
                assertNotNull(r, "replies so far: " + replies.size());
                assertTrue(replies.add(r), "one reply per message: " + r);
            }
            final List<List<byte[]>> dead = bus.deadLetters(poison.size(), WAIT_MS);
            assertEquals(poison.size(), dead.size(), "one dead letter per poison message");
            final Set<String> deadBodies = new HashSet<>();
            for (final List<byte[]> d : dead) {
                assertEquals("satbus.dead", text(d.get(0)));
                deadBodies.add(text(d.get(2)));
                final Map<String, Value> info = map(d.get(1));
                assertEquals("svc", info.get("service").asStringValue().asString());
                assertEquals(3, info.get("attempts").asIntegerValue().asInt());
                final List<Value> history = info.get("history").asArrayValue().list();
                assertEquals(3, history.size());
                final Set<Integer> instances = new HashSet<>();
                for (final Value h : history) {
                    final Map<String, Value> e = map(h);
                    assertEquals("timeout", e.get("outcome").asStringValue().asString());
                    assertEquals("svc", e.get("satellite").asStringValue().asString());
                    assertEquals(10, e.get("worker").asStringValue().asString().length(), "hex of a 5-byte identity");
                    instances.add(e.get("instance").asIntegerValue().asInt());
                }
                assertEquals(Set.of(0, 1), instances, "the retry went to the other worker");
            }
            assertEquals(poison, deadBodies);
            assertNull(client.replyText(200), "nothing more for the client");

            // What the workers swallowed is exactly what the metrics count.
            final int flakySwallowedPlain = (int) flaky.swallowed.stream().filter(b -> !b.startsWith("poison")).count();
            final int swallowed = flaky.swallowed.size() + good.swallowed.size();
            assertEquals(swallowed, flakySwallowedPlain + 3 * poison.size(), "poison swallowed at every attempt");
            assertTrue(flakySwallowedPlain >= 1, "the flaky worker swallowed some: " + flakySwallowedPlain);
            Eventually.waitUntil("tracker idle", WAIT_MS, () -> bus.gauge("tracker.in_flight") == 0);
            assertEquals(swallowed, bus.count("svc.timeouts"));
            assertEquals(flakySwallowedPlain + 2 * poison.size(), bus.count("svc.retries"));
            assertEquals(poison.size(), bus.count("svc.dead"));
            assertEquals(messages - poison.size(), bus.count("svc.done"));
            assertEquals(messages + bus.count("svc.retries"), bus.count("svc.dispatched"));
            assertEquals(flaky.swallowed.size(), bus.count("svc.0.timeouts"));
            assertEquals(0, bus.count("svc.errors"));
            assertEquals(0, bus.gauge("svc.in_flight"));
            assertEquals(2, bus.gauge("svc.workers_alive"));
            assertEquals(messages - poison.size(), bus.tracker.registry().timer("satbus.swallow.svc.latency").getCount());
            assertEquals(poison.size(), bus.tracker.status().recentDead().size());

            final OrchesterStatus.CounterValues c = bus.orchester.status().service("svc").counters();
            assertEquals(swallowed, c.timeouts());
            assertEquals(bus.count("svc.retries"), c.retries());
            assertEquals(poison.size(), c.dead());
            assertTrue(bus.orchester.status().drained());
        }
    }

    @Test
    void progressKeepsASlowMessageAlivePastItsDeadlineAndWithoutItItTimesOut() throws Exception {
        // A 1.5 s deadline; progress every 250 ms leaves a loaded machine 1.25 s of slack.
        try (TrackedBus bus = TrackedBus.inProcess(TrackerTopologies.topology("slow", HEARTBEAT_MS, 0,
            Map.of("svc", new long[] {1500, 2})))) {
            bus.closeLater(new RawSatbusWorker(bus.ctx, bus.serviceEndpoint, "svc", "svc", 0, 10,
                HEARTBEAT_MS, (body, attempt) -> {
                    if (body.equals("with-progress")) {
                        final List<RawSatbusWorker.Step> steps = new ArrayList<>();
                        for (long t = 250; t < 4000; t += 250) {
                            steps.add(RawSatbusWorker.Step.progress(t));
                        }
                        steps.add(RawSatbusWorker.Step.ok(4000));
                        return steps;
                    }
                    // The first attempt answers after 4 s, far too late; the retry at once.
                    return List.of(RawSatbusWorker.Step.ok(attempt == 1 ? 4000 : 0));
                }));
            bus.awaitWorkers(1);
            final RawMdp.Client client = new RawMdp.Client(bus.ctx, bus.serviceEndpoint);

            client.request("svc", "with-progress");
            assertEquals("re:with-progress", client.replyText(WAIT_MS));
            Eventually.waitUntil("the tracker saw the reply", WAIT_MS, () -> bus.count("svc.done") == 1);
            assertEquals(0, bus.count("svc.timeouts"), "4 s on a 1.5 s deadline, kept alive by PROGRESS");
            assertEquals(15, bus.count("svc.progress"));

            client.request("svc", "silent");
            assertEquals("re:silent", client.replyText(WAIT_MS));
            Eventually.waitUntil("late reply counted", WAIT_MS, () -> bus.count("svc.late_replies") == 1);
            assertNull(client.replyText(500), "the late first answer is dropped, not forwarded");
            assertEquals(1, bus.count("svc.timeouts"));
            assertEquals(1, bus.count("svc.retries"));
            assertEquals(2, bus.count("svc.done"));
            assertEquals(1, bus.orchester.status().service("svc").counters().lateReplies());
        }
    }

    @Test
    void theOrchestersForbiddenCountReachesTheTrackersGaugeInProcessAndOverTcp() throws Exception {
        for (final boolean overTcp : new boolean[] {false, true}) {
            final String name = overTcp ? "forbiddentcp" : "forbidden";
            try (TrackedBus bus = overTcp
                ? TrackedBus.overTcp(TrackerTopologies.topology(name, HEARTBEAT_MS, 0, Map.of("svc", new long[] {10_000, 2})))
                : TrackedBus.inProcess(TrackerTopologies.topology(name, HEARTBEAT_MS, 0, Map.of("svc", new long[] {10_000, 2})))) {
                final ZMQ.Socket pub = bus.ctx.createSocket(SocketType.PUB);
                pub.setLinger(0);
                pub.connect(Endpoints.tcp(Ports.HOST, bus.orchester.config().pubPort()));
                // A peer may not publish on the dead-letter topic: each forged letter is dropped and counted.
                final byte[] dead = "satbus.dead".getBytes(StandardCharsets.UTF_8);
                Eventually.waitUntil(name + ": forged dead letters counted forbidden in the tracker's gauge", WAIT_MS, () -> {
                    pub.send(dead, ZMQ.SNDMORE);
                    pub.send(new byte[] {1}, 0);
                    return bus.gauge("orchester.forbidden") >= 3;
                });
                assertTrue(bus.orchester.status().totals().forbidden() >= bus.gauge("orchester.forbidden"),
                    "the gauge follows the orchester's count");
                assertEquals(0, bus.gauge("orchester.refused_keys"), name + ": no key refused without security");
                bus.ctx.destroySocket(pub);
            }
        }
    }

    @Test
    void completesEveryMessageOfAKilledWorkerOnAnotherWorkerChargingNone() throws Exception {
        // A 10 s deadline: the worker's loss (20 x 100 ms heartbeats), not a timeout, fails its attempts.
        try (TrackedBus bus = TrackedBus.inProcess(TrackerTopologies.topology("killed", HEARTBEAT_MS, 0,
            Map.of("svc", new long[] {10_000, 2})))) {
            final RawSatbusWorker doomed = bus.closeLater(new RawSatbusWorker(bus.ctx, bus.serviceEndpoint, "svc", "svc",
                0, 10, HEARTBEAT_MS, (body, attempt) -> List.of()));
            bus.awaitWorkers(1);
            final RawMdp.Client client = new RawMdp.Client(bus.ctx, bus.serviceEndpoint);
            final int messages = 6;
            for (int i = 0; i < messages; i++) {
                client.request("svc", "m" + i);
            }
            Eventually.waitUntil("the doomed worker holds every message", WAIT_MS,
                () -> doomed.received.get() == messages);
            final RawSatbusWorker survivor = bus.closeLater(new RawSatbusWorker(bus.ctx, bus.serviceEndpoint, "svc",
                "svc", 1, 10, HEARTBEAT_MS, (body, attempt) -> List.of(RawSatbusWorker.Step.ok(0))));
            bus.awaitWorkers(2);
            doomed.crash();

            final Map<String, Integer> replies = new HashMap<>();
            for (int i = 0; i < messages; i++) {
                final String r = client.replyText(WAIT_MS);
                assertNotNull(r, "replies so far: " + replies);
                replies.merge(r, 1, Integer::sum);
            }
            for (int i = 0; i < messages; i++) {
                assertEquals(1, replies.get("re:m" + i), "m" + i + " completed: " + replies);
            }
            assertEquals(messages, survivor.answered.size());
            Eventually.waitUntil("tracker idle", WAIT_MS, () -> bus.gauge("tracker.in_flight") == 0);
            // It held several: none is charged, each is a suspect tried again alone (poison isolation).
            assertEquals(messages, bus.count("svc.suspects"));
            assertEquals(messages, bus.count("svc.0.suspects"));
            assertEquals(0, bus.count("svc.worker_lost"));
            assertEquals(0, bus.count("svc.retries"));
            assertEquals(2 * messages, bus.count("svc.dispatched"), "each sent again under its first attempt");
            assertEquals(messages, bus.count("svc.done"));
            assertEquals(messages, bus.count("svc.1.done"));
            assertEquals(0, bus.count("svc.timeouts"));
            assertEquals(0, bus.count("svc.late_replies"), "a closed socket sends no late reply");
            assertEquals(1, bus.gauge("svc.workers_alive"));
        }
    }

    static String text(final byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static Map<String, Value> map(final byte[] frame) throws Exception {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            return map(u.unpackValue());
        }
    }

    static Map<String, Value> map(final Value v) {
        final Map<String, Value> out = new HashMap<>();
        v.asMapValue().map().forEach((k, x) -> out.put(k.asStringValue().asString(), x));
        return out;
    }
}
