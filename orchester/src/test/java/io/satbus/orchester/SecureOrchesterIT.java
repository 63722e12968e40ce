package io.satbus.orchester;

import static io.satbus.testing.RawMdp.text;
import static io.satbus.testing.RawMdp.utf8;
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
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.testing.RawMdp;
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
        final SecuritySpec security = new SecuritySpec(keys.get("orchester"), allowed, rights, dir.resolve("keys"), null,
            dir.resolve("keys"));
        orchester = Orchester.start(OrchesterConfig.from(TestTopologies.topology("secure", HEARTBEAT_MS, LIVENESS,
            1 << 20, 1, Map.of("echo", 1, "other", 1)).withSecurity(security)));
        serviceEndpoint = Endpoints.tcp(Ports.HOST, orchester.config().servicePort());
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
            assertEquals(20, totals().done());
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
            // dead at entry, not kept: a satbus sender is told (dead notice) and accounts for it
            Eventually.waitUntil("gen's request given up as dead", WAIT_MS, () -> totals().dead() == 1);
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
        feed.connect(Endpoints.tcp(Ports.HOST, orchester.config().pubPort()));
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

    @Test
    void aKeyRotatedInTheFolderIsTakenWithoutARestartWhileLiveConnectionsGoOn() throws Exception {
        try (RawMdp.Worker echo = new RawMdp.Worker(ctx, as("echo"), serviceEndpoint, "echo", HEARTBEAT_MS);
             RawMdp.Client oldGen = new RawMdp.Client(ctx, serviceEndpoint, as("gen"))) {
            Eventually.waitUntil("echo registered", WAIT_MS, () -> orchester.status().workers() == 1);
            roundTrip(oldGen, echo, "with the old key");
            final CurveKey oldKey = keys.get("gen");
            final CurveKey newKey = KeyFiles.create(dir.resolve("new"), "gen");
            java.nio.file.Files.copy(dir.resolve("new/gen.key"), dir.resolve("keys/gen.key"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            keys.put("gen", newKey);
            // The folder is looked at every 2 s: until then a new key is refused; ask with a fresh client each time.
            final long refusedBefore = totals().refusedKeys();
            final boolean[] answered = {false};
            Eventually.waitUntil("the new key admitted", WAIT_MS, () -> {
                try (RawMdp.Client fresh = new RawMdp.Client(ctx, serviceEndpoint, as("gen"))) {
                    fresh.request("echo", utf8("with the new key"));
                    final List<byte[]> request = echo.nextRequest(300);
                    if (request == null) {
                        return false;
                    }
                    echo.reply(request.get(0), utf8("ok"));
                    answered[0] = fresh.reply("echo", WAIT_MS) != null;
                    return true;
                }
            });
            assertTrue(answered[0], "the new key's request was answered");
            roundTrip(oldGen, echo, "the live connection goes on");
            keys.put("gen", oldKey);
            try (RawMdp.Client stale = new RawMdp.Client(ctx, serviceEndpoint, as("gen"))) {
                Eventually.waitUntil("a new connection with the old key refused", WAIT_MS,
                    () -> totals().refusedKeys() > refusedBefore);
                assertNull(RawMdp.receive(stale.socket, 200), "the old key's new connection got nothing");
            }
        }
    }

    @Test
    void garbageOnEverySecuredPortChangesNothing() throws Exception {
        final java.util.Random random = new java.util.Random(12);
        try (RawMdp.Worker echo = new RawMdp.Worker(ctx, as("echo"), serviceEndpoint, "echo", HEARTBEAT_MS);
             RawMdp.Client gen = new RawMdp.Client(ctx, serviceEndpoint, as("gen"))) {
            Eventually.waitUntil("echo registered", WAIT_MS, () -> orchester.status().workers() == 1);
            roundTrip(gen, echo, "before");
            // A real handshake of gen's key, recorded as it went to the service port, to replay.
            final byte[] handshake;
            try (ClientBytes recorder = new ClientBytes(orchester.config().servicePort())) {
                final RawMdp.Client recorded = new RawMdp.Client(ctx, Endpoints.tcp(Ports.HOST,
                    recorder.port()), as("gen"));
                recorded.request("echo", utf8("recorded"));
                final List<byte[]> request = echo.nextRequest(WAIT_MS);
                assertNotNull(request, "the recorded client's request came through");
                echo.reply(request.get(0), utf8("ok"));
                assertNotNull(recorded.reply("echo", WAIT_MS));
                handshake = recorder.sent();
                recorded.close();
            }
            assertTrue(handshake.length > 64 + 200, "a whole handshake was recorded: " + handshake.length + " bytes");
            {
            }
            final long workersBefore = orchester.status().workers();
            for (int port : new int[] {orchester.config().servicePort(), orchester.config().pubPort(),
                orchester.config().subPort()}) {
                for (int i = 0; i < 20; i++) {
                    final byte[] junk = new byte[1 + random.nextInt(2048)];
                    random.nextBytes(junk);
                    raw(port, junk);
                }
                raw(port, java.util.Arrays.copyOf(greeting(), 64 + 30)); // greeting, then half a HELLO
                raw(port, java.util.Arrays.copyOf(greeting(), 40)); // half a greeting
                raw(port, handshake); // a replayed handshake and the messages that followed it
                raw(port, java.util.Arrays.copyOf(handshake, Math.min(handshake.length, 64 + 200)));
            }
            for (int i = 0; i < 20; i++) {
                roundTrip(gen, echo, "after " + i);
            }
            assertEquals(workersBefore, orchester.status().workers(), "no worker was added or lost");
            assertEquals(0, orchester.loopErrors(), "the routing loop never threw");
            assertEquals(22, totals().done(), "only the real requests were answered");
        }
    }

    /** A ZMTP 3.0 greeting of a CURVE client. */
    private static byte[] greeting() {
        final byte[] g = new byte[64 + 200];
        g[0] = (byte) 0xff;
        g[9] = 0x7f;
        g[10] = 3;
        System.arraycopy("CURVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, g, 12, 5);
        g[64] = 0x04; // a command frame
        g[65] = (byte) 200;
        System.arraycopy("\u0005HELLO".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, g, 66, 6);
        return g;
    }

    /** Sends {@code bytes} on a fresh TCP connection to {@code port}, reads what comes back for a moment, closes. */
    private static void raw(final int port, final byte[] bytes) throws Exception {
        try (java.net.Socket s = new java.net.Socket(Ports.HOST, port)) {
            s.setSoTimeout(100);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            try {
                while (s.getInputStream().read(new byte[4096]) > 0) {
                    // whatever the orchester answers is dropped
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException done) {
                // it said what it had to, or closed the connection
            }
        }
    }

    private ZMQ.Socket subscriber(final Consumer<ZMQ.Socket> setup) {
        final ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
        sub.setLinger(0);
        setup.accept(sub);
        sub.subscribe(new byte[0]);
        sub.connect(Endpoints.tcp(Ports.HOST, orchester.config().subPort()));
        return sub;
    }
}
