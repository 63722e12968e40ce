package io.satbus.orchester;

import static io.satbus.testing.RawMdp.text;
import static io.satbus.testing.RawMdp.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.satbus.core.Endpoints;
import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.envelope.Reply;
import io.satbus.core.protocol.WorkerInfo;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.testing.RawMdp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A message that fails every attempt ends on the dead-letter topic, seen by a plain SUB. */
@Timeout(20)
class DeadLetterTest {
    private static final long HEARTBEAT_MS = 1000;
    /**
     * The raw worker heartbeats only while the test waits on it (not while it awaits the
     * subscription, nor between attempts): forgive 20 s of silence, so that a stall of a loaded
     * machine never expires it and leaves the attempts without a worker.
     */
    private static final int LIVENESS = 20;
    private static final long WAIT_MS = 10_000;

    @Test
    void retriesErrorRepliesThenPublishesTheDeadLetter() throws Exception {
        final OrchesterConfig config = OrchesterConfig.from(TestTopologies.topology("dl", HEARTBEAT_MS, LIVENESS, 1 << 20, 5,
            Map.of("fragile", 2)));
        try (Orchester orchester = Orchester.start(config); ZContext ctx = new ZContext()) {
            final ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
            sub.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS); // as satbus's own sockets: JeroMQ may leave a fresh connection without a handshake
            sub.subscribe(utf8("satbus.dead"));
            sub.connect(Endpoints.tcp(Ports.HOST, config.subPort()));
            final String service = Endpoints.tcp(Ports.HOST, config.servicePort());
            final RawMdp.Worker worker = new RawMdp.Worker(ctx, service, "fragile", HEARTBEAT_MS,
                new WorkerInfo("fragile", 3, 4).encode());
            Eventually.waitUntil("worker registered", WAIT_MS, () -> orchester.status().workers() == 1);
            awaitSubscription(ctx, config, sub);

            final RawMdp.Client client = new RawMdp.Client(ctx, service);
            client.request("fragile", utf8("header"), utf8("payload"));
            final List<Long> attempts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                final List<byte[]> r = worker.nextRequest(WAIT_MS);
                assertNotNull(r, "attempt " + (i + 1) + " never came");
                attempts.add((long) DispatchTokens.attempt(r.get(0)));
                worker.reply(r.get(0), Reply.error("bad " + (i + 1)).encode());
            }
            assertEquals(List.of(1L, 2L, 3L), attempts, "1 + max_retries attempts");

            final List<byte[]> dead = RawMdp.receive(sub, WAIT_MS);
            assertNotNull(dead, "no dead letter");
            assertEquals(4, dead.size());
            assertEquals("satbus.dead", text(dead.get(0)));
            assertEquals("header", text(dead.get(2)));
            assertEquals("payload", text(dead.get(3)));
            final Map<String, Value> info = map(dead.get(1));
            assertEquals("fragile", info.get("service").asStringValue().asString());
            assertEquals(3, info.get("attempts").asIntegerValue().asInt());
            final List<Value> history = info.get("history").asArrayValue().list();
            assertEquals(3, history.size());
            final Map<Value, Value> last = history.get(2).asMapValue().map();
            assertEquals("error: bad 3", last.get(ValueFactory.newString("outcome")).asStringValue().asString());
            assertEquals("fragile", last.get(ValueFactory.newString("satellite")).asStringValue().asString());
            assertEquals(3, last.get(ValueFactory.newString("instance")).asIntegerValue().asInt());

            assertNull(client.reply("fragile", 100), "nothing to the client");
            final OrchesterStatus.CounterValues c = orchester.status().service("fragile").counters();
            assertEquals(3, c.errors());
            assertEquals(2, c.retries());
            assertEquals(1, c.dead());
            assertEquals(3, c.dispatched());
        }
    }

    @Test
    void aSatbusClientIsToldItsRequestWentDeadWithTheDeadLetterInfo() throws Exception {
        final OrchesterConfig config = OrchesterConfig.from(TestTopologies.topology("dn", HEARTBEAT_MS, LIVENESS, 1 << 20, 5,
            Map.of("fragile", 1)));
        try (Orchester orchester = Orchester.start(config); ZContext ctx = new ZContext()) {
            final String service = Endpoints.tcp(Ports.HOST, config.servicePort());
            final RawMdp.Worker worker = new RawMdp.Worker(ctx, service, "fragile", HEARTBEAT_MS,
                new WorkerInfo("fragile", 0, 4).encode());
            Eventually.waitUntil("worker registered", WAIT_MS, () -> orchester.status().workers() == 1);
            final Envelope sent = new Envelope(4242L, "dn", "gen", 0, 1, 1L, Envelope.DEFAULT_CONTENT_TYPE, Map.of(),
                utf8("poison"));
            final byte[] header = EnvelopeCodec.encodeHeader(sent);
            final RawMdp.Client client = new RawMdp.Client(ctx, service);
            client.request("fragile", header, sent.payload());
            for (int i = 0; i < 2; i++) {
                final List<byte[]> r = worker.nextRequest(WAIT_MS);
                assertNotNull(r, "attempt " + (i + 1) + " never came");
                worker.reply(r.get(0), Reply.error("no " + (i + 1)).encode());
            }

            final List<byte[]> notice = client.reply("fragile", WAIT_MS);
            assertNotNull(notice, "no dead notice");
            assertEquals(3, notice.size(), "[envelope header][\"\"][dead-letter info]");
            assertEquals(4242L, EnvelopeCodec.decode(notice.get(0), new byte[0]).id());
            assertEquals(0, notice.get(1).length);
            final Map<String, Value> info = map(notice.get(2));
            assertEquals(2, info.get("attempts").asIntegerValue().asInt());
            final List<Value> history = info.get("history").asArrayValue().list();
            assertEquals("error: no 2", history.get(1).asMapValue().map().get(ValueFactory.newString("outcome"))
                .asStringValue().asString());
            assertEquals(1, orchester.status().service("fragile").counters().dead());
        }
    }

    /**
     * Publishes probes on a topic {@code sub} subscribes to after the dead-letter topic until one
     * arrives: then the XPUB knows both subscriptions, which travel in order. (A peer may not
     * publish under the dead-letter topic itself.)
     */
    static void awaitSubscription(final ZContext ctx, final OrchesterConfig config, final ZMQ.Socket sub) {
        sub.subscribe(utf8(PROBE));
        final ZMQ.Socket pub = ctx.createSocket(SocketType.PUB);
        pub.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS); // as satbus's own sockets: JeroMQ may leave a fresh connection without a handshake
        pub.setLinger(0);
        pub.connect(Endpoints.tcp(Ports.HOST, config.pubPort()));
        Eventually.waitFor("a probe through the topic proxy", WAIT_MS, () -> {
            RawMdp.send(pub, utf8(PROBE), utf8("probe"));
            return RawMdp.receive(sub, 10);
        });
        sub.unsubscribe(utf8(PROBE));
        while (RawMdp.receive(sub, 50) != null) {
            // drain the other probes
        }
        ctx.destroySocket(pub);
    }

    /** The topic of the subscription probes. */
    static final String PROBE = "probe.subscribed";

    private static Map<String, Value> map(final byte[] frame) throws Exception {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            final Map<String, Value> out = new HashMap<>();
            u.unpackValue().asMapValue().map().forEach((k, v) -> out.put(k.asStringValue().asString(), v));
            return out;
        }
    }
}
