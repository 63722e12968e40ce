package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.satbus.core.Endpoints;
import io.satbus.core.security.CurveKey;
import io.satbus.core.security.KeyFiles;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.core.zmq.Curve;
import io.satbus.testing.Eventually;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A secured {@code satbus run} (issue 12): its own satellites, supervisor and admin work with
 * their keys, while a stranger's worker and subscriber get nothing, a known key cannot step
 * outside its rights, and a key without admin rights cannot scale.
 */
class SecurityIT {
    private static final int COUNT = 4000;
    private static final long WAIT_MS = 60_000;

    @TempDir
    Path dir;

    private final List<String> seenByStrangers = new ArrayList<>();

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aSecuredRunFlowsWhileStrangersAndKeysOutsideTheirRightsGetNothing() throws Exception {
        final Path keys = dir.resolve("keys");
        for (String name : List.of("orchester", "supervisor", "gen", "upper", "out", "ops")) {
            KeyFiles.create(keys, name);
        }
        final CurveKey stranger = KeyFiles.create(dir.resolve("elsewhere"), "stranger");
        final Path file = dir.resolve("secure.yaml");
        Files.writeString(file, "name: secure\n" + TestTopologies.orchesterOnFreePorts() + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  gen: { type: generator, send_to: upper, config: { count: " + COUNT + ", rate: 800 } }\n"
            + "  upper: { type: transformer, send_to: out, config: { op: upper } }\n"
            + "  out: { type: sink, config: { path: out/secure.txt } }\n"
            + "security:\n  keys: keys\n  rights:\n    ops: { admin: true }\n");
        final Topology t = TopologyLoader.load(file);
        final CurveKey server = t.security().orchesterKey();
        final String service = Endpoints.tcp(t.orchester().host(), t.orchester().servicePort());
        try (ZContext ctx = new ZContext(1);
             SatbusProcess run = SatbusProcess.start(dir, "run", file.toString(), "--until-drained", "--progress", "1s")) {
            // A stranger registers for upper, another stranger subscribes to everything, and upper's own
            // key tries to serve out: queued by their sockets until the run's orchester is up.
            final ZMQ.Socket rogueWorker = socket(ctx, SocketType.DEALER, stranger, server);
            rogueWorker.connect(service);
            send(rogueWorker, "", "MDPW01", "\u0001", "upper");
            final ZMQ.Socket rogueSub = socket(ctx, SocketType.SUB, stranger, server);
            rogueSub.subscribe(new byte[0]);
            rogueSub.connect(Endpoints.tcp(t.orchester().host(), t.orchester().subPort()));
            final ZMQ.Socket wrongService = socket(ctx, SocketType.DEALER, KeyFiles.readSecret(keys.resolve(
                "upper.key_secret")), server);
            wrongService.connect(service);
            send(wrongService, "", "MDPW01", "\u0001", "out");

            final JsonNode status = awaitStatus(file, keys.resolve("ops.key_secret"),
                s -> s.path("totals").path("refused_keys").asLong() >= 1 && s.path("totals").path("forbidden").asLong() >= 1);
            assertTrue(status.path("totals").path("forbidden").asLong() >= 1, status.toString());

            final StringWriter scaleErr = new StringWriter();
            final int scale = execute(scaleErr, "scale", "upper", "0", file.toString(), "--key",
                keys.resolve("gen.key_secret").toString());
            assertNotEquals(0, scale, "gen's key may not scale");
            assertTrue(scaleErr.toString().contains("key gen may not use satbus.supervisor.main"), scaleErr.toString());
            final StringWriter statusErr = new StringWriter();
            assertNotEquals(0, execute(statusErr, "status", file.toString(), "--key", keys.resolve("gen.key_secret")
                .toString()), "gen's key may not ask the admin");

            assertEquals(0, run.waitFor(Duration.ofMinutes(3)), () -> {
                try {
                    return run.out() + run.err();
                } catch (java.io.IOException ex) {
                    return ex.toString();
                }
            });
            assertTrue(run.out().contains("secure drained: generated " + COUNT + ", delivered " + COUNT
                + ", duplicates 0, dead 0, lost 0"), run.out());
            assertEquals(COUNT, Files.readAllLines(dir.resolve("out/secure.txt")).size(), "every message reached the sink");
            drain(rogueWorker, "the stranger's worker");
            drain(rogueSub, "the stranger's subscriber");
            drain(wrongService, "upper's key registered for out");
            assertEquals(List.of(), seenByStrangers, "nothing but a DISCONNECT reached a peer outside its rights");
        }
    }

    /**
     * Without security, the attacks on names of the bus fail against a real run: a rogue
     * worker for the live supervisor's control service is refused (every scale gets the real
     * supervisor's answer), and forged letters on satbus.dead never reach its subscriber.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void withoutSecurityARogueControlWorkerAndForgedDeadLettersGetNowhere() throws Exception {
        final Path file = dir.resolve("open.yaml");
        Files.writeString(file, "name: open\n" + TestTopologies.orchesterOnFreePorts() + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  gen: { type: generator, send_to: out, config: { count: " + COUNT + ", rate: 500 } }\n"
            + "  out: { type: sink, config: { path: out/open.txt } }\n");
        final Topology t = TopologyLoader.load(file);
        try (ZContext ctx = new ZContext(1);
             SatbusProcess run = SatbusProcess.start(dir, "run", file.toString(), "--until-drained", "--progress", "1s")) {
            final ZMQ.Socket dead = ctx.createSocket(SocketType.SUB);
            dead.setLinger(0);
            dead.subscribe("satbus.dead".getBytes(StandardCharsets.UTF_8));
            dead.connect(Endpoints.tcp(t.orchester().host(), t.orchester().subPort()));
            awaitStatus(file, null, s -> {
                for (JsonNode svc : s.path("services")) {
                    if (svc.path("name").asText().equals("satbus.supervisor.main") && svc.path("workers").size() == 1) {
                        return true;
                    }
                }
                return false;
            });
            final ZMQ.Socket rogue = ctx.createSocket(SocketType.DEALER);
            rogue.setLinger(0);
            rogue.connect(Endpoints.tcp(t.orchester().host(), t.orchester().servicePort()));
            send(rogue, "", "MDPW01", "\u0001", "satbus.supervisor.main");
            final ZMQ.Socket forger = ctx.createSocket(SocketType.PUB);
            forger.setLinger(0);
            forger.connect(Endpoints.tcp(t.orchester().host(), t.orchester().pubPort()));
            awaitStatus(file, null, s -> {
                send(forger, "satbus.dead", "forged letter");
                return s.path("totals").path("forbidden").asLong() >= 11;
            });
            for (int i = 0; i < 6; i++) {
                final StringWriter err = new StringWriter();
                assertEquals(0, execute(err, "scale", "out", "1", file.toString()), err::toString);
            }
            assertEquals(0, run.waitFor(Duration.ofMinutes(3)), () -> {
                try {
                    return run.out() + run.err();
                } catch (java.io.IOException ex) {
                    return ex.toString();
                }
            });
            assertTrue(run.out().contains("open drained: generated " + COUNT + ", delivered " + COUNT), run.out());
            drain(rogue, "the rogue control worker");
            drain(dead, "the dead-letter subscriber");
            assertEquals(List.of(), seenByStrangers, "no request reached the rogue, no forged letter the subscriber");
        }
    }

    /**
     * The first document of {@code satbus status --json} that passes {@code until}; polled every
     * 200 ms, each poll a whole command (a new context, a CURVE handshake with a key).
     */
    private JsonNode awaitStatus(final Path file, final Path key, final Predicate<JsonNode> until) {
        final List<String> args = new ArrayList<>(List.of("status", file.toString(), "--json", "--timeout", "2s"));
        if (key != null) {
            args.addAll(List.of("--key", key.toString()));
        }
        return Eventually.every(Duration.ofMillis(200)).waitFor("a status as expected", WAIT_MS, () -> {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final picocli.CommandLine cl = Satbus.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            final int exit = cl.execute(args.toArray(new String[0]));
            if (exit != 0) {
                return TextNode.valueOf("satbus status exited " + exit + ": " + err);
            }
            try {
                return new ObjectMapper().readTree(out.toString());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }, doc -> doc.isObject() && until.test(doc));
    }

    private static int execute(final StringWriter err, final String... args) {
        final picocli.CommandLine cl = Satbus.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static ZMQ.Socket socket(final ZContext ctx, final SocketType type, final CurveKey own, final CurveKey server) {
        final ZMQ.Socket s = ctx.createSocket(type);
        s.setLinger(0);
        s.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS);
        Curve.client(s, own, server);
        return s;
    }

    private static void send(final ZMQ.Socket s, final String... frames) {
        final ZMsg m = new ZMsg();
        for (String f : frames) {
            m.add(f.getBytes(StandardCharsets.ISO_8859_1));
        }
        m.send(s, false);
    }

    /** Records every message waiting on {@code s} that is not a worker DISCONNECT. */
    private void drain(final ZMQ.Socket s, final String who) {
        ZMsg m;
        while ((m = ZMsg.recvMsg(s, ZMQ.DONTWAIT)) != null) {
            final org.zeromq.ZFrame[] f = m.toArray(new org.zeromq.ZFrame[0]);
            final boolean disconnect = f.length == 3 && f[2].size() == 1 && f[2].getData()[0] == 0x05;
            if (!disconnect) {
                seenByStrangers.add(who + ": " + m);
            }
        }
    }
}
