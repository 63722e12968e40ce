package io.satbus.orchester;

import static io.satbus.orchester.RawMdp.text;
import static io.satbus.orchester.RawMdp.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.Endpoints;
import io.satbus.core.security.CurveKey;
import io.satbus.core.security.KeyFiles;
import io.satbus.core.security.Rights;
import io.satbus.core.security.SecuritySpec;
import io.satbus.core.zmq.Curve;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** An orchester with security on against raw ZeroMQ peers: who gets in, and what a key may do (issue 12). */
@Timeout(60)
class SecureOrchesterIT {
    private static final long HEARTBEAT_MS = 200;
    private static final int LIVENESS = 25;
    private static final long WAIT_MS = 20_000;

    @TempDir
    Path dir;

    private final Map<String, CurveKey> keys = new LinkedHashMap<>();
    private CurveKey stranger;
    private Orchester orchester;
    private ZContext ctx;
    private String serviceEndpoint;

    @BeforeEach
    void start() {
        for (String name : List.of("orchester", "echo", "gen", "ops", "watch", "feed")) {
            keys.put(name, KeyFiles.create(dir.resolve("keys"), name));
        }
        stranger = KeyFiles.create(dir.resolve("elsewhere"), "stranger");
        final Map<String, CurveKey> allowed = new LinkedHashMap<>();
        keys.forEach((n, k) -> allowed.put(n, k.publicOnly()));
        final Map<String, Rights> rights = Map.of(
            "echo", new Rights(List.of("echo"), List.of(), List.of(), List.of(), false),
            "gen", new Rights(List.of(), List.of("echo"), List.of(), List.of(), false),
            "ops", new Rights(List.of(), List.of(), List.of(), List.of(), true),
            "watch", new Rights(List.of(), List.of(), List.of(), List.of("events"), false),
            "feed", new Rights(List.of(), List.of(), List.of("events"), List.of(), false));
        final SecuritySpec security = new SecuritySpec(keys.get("orchester"), allowed, rights, dir.resolve("keys"), null);
        orchester = Orchester.start(OrchesterConfig.from(TestTopologies.topology("secure", HEARTBEAT_MS, LIVENESS,
            1 << 20, 1, Map.of("echo", 1, "other", 1)).withSecurity(security)));
        serviceEndpoint = Endpoints.tcp(TestTopologies.HOST, orchester.config().servicePort());
        ctx = new ZContext();
    }

    @AfterEach
    void stop() {
        ctx.close();
        orchester.close();
    }

    private Consumer<ZMQ.Socket> as(final String name) {
        return s -> Curve.client(s, keys.get(name), keys.get("orchester"));
    }

    private Consumer<ZMQ.Socket> asStranger() {
        return s -> Curve.client(s, stranger, keys.get("orchester"));
    }

    private OrchesterStatus.CounterValues totals() {
        return orchester.status().totals();
    }

    /** One request from gen to echo answered end to end. */
    private void roundTrip(final RawMdp.Client gen, final RawMdp.Worker echo, final String payload) {
        gen.request("echo", utf8(payload));
        final List<byte[]> request = echo.nextRequest(WAIT_MS);
        assertNotNull(request, "echo got no request for " + payload);
        assertEquals(payload, text(request.get(1)));
        echo.reply(request.get(0), utf8(payload + "!"));
        final List<byte[]> reply = gen.reply("echo", WAIT_MS);
        assertNotNull(reply, "gen got no reply for " + payload);
        assertEquals(payload + "!", text(reply.get(0)));
    }

    @Test
    void anAllowedKeyWorksAndAnUnknownWorkerNeverReceivesAMessage() {
        try (RawMdp.Worker echo = new RawMdp.Worker(ctx, as("echo"), serviceEndpoint, "echo", HEARTBEAT_MS);
             RawMdp.Client gen = new RawMdp.Client(ctx, serviceEndpoint, as("gen"))) {
            Eventually.waitUntil("echo registered", WAIT_MS, () -> orchester.status().workers() == 1);
            try (RawMdp.Worker rogue = new RawMdp.Worker(ctx, asStranger(), serviceEndpoint, "echo", HEARTBEAT_MS)) {
                Eventually.waitUntil("the stranger's key refused and counted", WAIT_MS, () -> totals().refusedKeys() >= 1);
                for (int i = 0; i < 20; i++) {
                    roundTrip(gen, echo, "m" + i);
                }
                assertEquals(1, orchester.status().workers(), "the stranger is no worker");
                // Its connection never finished the handshake: a heartbeat would block, so only listen.
                assertNull(RawMdp.receive(rogue.socket, HEARTBEAT_MS), "nothing reached the stranger");
            }
            assertEquals(20, totals().replies());
        }
    }

    @Test
    void aKeyAllowedForOneServiceCannotRegisterForAnother() {
        try (RawMdp.Worker echo = new RawMdp.Worker(ctx, as("echo"), serviceEndpoint, "other", HEARTBEAT_MS);
             RawMdp.Client gen = new RawMdp.Client(ctx, serviceEndpoint, as("gen"))) {
            Eventually.waitUntil("echo's READY for other refused", WAIT_MS, () -> totals().forbidden() == 1);
            assertEquals(0, orchester.status().workers());
            gen.request("other", utf8("for other"));
            Eventually.waitUntil("gen's request to other, outside its rights, dropped", WAIT_MS,
                () -> totals().forbidden() == 2);
            assertNull(echo.nextRequest(HEARTBEAT_MS), "echo got nothing for other");
            assertEquals(0, orchester.status().queued(), "nothing of gen's was taken");
        }
    }

    @Test
    void aKeyWithoutAdminRightsCannotScaleOrAskTheAdmin() {
        final String control = "satbus.supervisor.main";
        try (RawMdp.Worker supervisor = new RawMdp.Worker(ctx, as("echo"), serviceEndpoint, control, HEARTBEAT_MS);
             RawMdp.Client gen = new RawMdp.Client(ctx, serviceEndpoint, as("gen"));
             RawMdp.Client ops = new RawMdp.Client(ctx, serviceEndpoint, as("ops"))) {
            // echo's key may not serve the control service either.
            Eventually.waitUntil("a control worker without the right refused", WAIT_MS, () -> totals().forbidden() == 1);
            gen.request(control, utf8("scale echo 0"));
            final List<byte[]> refused = gen.reply(control, WAIT_MS);
            assertNotNull(refused, "gen was answered");
            assertTrue(text(refused.get(0)).contains("\"error\":\"key gen may not use " + control), text(refused.get(0)));
            gen.request("satbus.admin", utf8("status"));
            assertTrue(text(gen.reply("satbus.admin", WAIT_MS).get(0)).startsWith("{\"error\":\"key gen may not use"));
            assertNull(supervisor.nextRequest(HEARTBEAT_MS), "nothing reached a control worker");
            ops.request("satbus.admin", utf8("status"));
            final String status = text(ops.reply("satbus.admin", WAIT_MS).get(0));
            assertTrue(status.contains("\"topology\":\"secure\""), status);
            assertEquals(3, totals().forbidden());
        }
    }

    @Test
    void aSubscriberWithAnUnknownKeyReceivesNothing() {
        final ZMQ.Socket watch = subscriber(as("watch"));
        final ZMQ.Socket spy = subscriber(asStranger());
        final ZMQ.Socket nosy = subscriber(as("gen")); // known, without a subscribe right
        final ZMQ.Socket feed = ctx.createSocket(SocketType.PUB);
        as("feed").accept(feed);
        feed.connect(Endpoints.tcp(TestTopologies.HOST, orchester.config().pubPort()));
        Eventually.waitUntil("a publication reaching the allowed subscriber", WAIT_MS, () -> {
            RawMdp.send(feed, utf8("events"), utf8("payload"));
            return RawMdp.receive(watch, 50) != null;
        });
        for (int i = 0; i < 10; i++) {
            RawMdp.send(feed, utf8("events"), utf8("payload " + i));
        }
        int received = 0;
        while (received < 10) {
            final List<byte[]> m = RawMdp.receive(watch, WAIT_MS);
            assertNotNull(m, "the allowed subscriber stopped receiving after " + received);
            if (text(m.get(1)).startsWith("payload ")) {
                received++;
            }
        }
        assertNull(RawMdp.receive(spy, 200), "the unknown key received a publication");
        assertNull(RawMdp.receive(nosy, 0), "a key without a subscribe right received a publication");
        Eventually.waitUntil("the stranger refused", WAIT_MS, () -> totals().refusedKeys() >= 1);
        Eventually.waitUntil("gen refused at sub_port", WAIT_MS, () -> totals().forbidden() >= 1);
    }

    private ZMQ.Socket subscriber(final Consumer<ZMQ.Socket> setup) {
        final ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
        sub.setLinger(0);
        setup.accept(sub);
        sub.subscribe(new byte[0]);
        sub.connect(Endpoints.tcp(TestTopologies.HOST, orchester.config().subPort()));
        return sub;
    }
}
