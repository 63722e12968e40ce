package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.Endpoints;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A burst of 2,000 dead letters: a sink whose writes fail for a while ({@link FlakySink}), with
 * {@code max_retries: 1}. Dead letters release their senders at once (the dead notice), so the
 * flow goes on: the tracker's timeout is 10 minutes, which makes every sender's acknowledgement
 * timeout 20 minutes, and the run still drains within this test's few minutes; 2,000 unreleased
 * sends would fill the senders' windows (1,000) and stop it for good.
 */
class DeadLetterBurstIT {
    private static final int COUNT = 8_000;
    private static final int BURST = 2_000;
    private static final Pattern PAYLOAD = Pattern.compile("(MSG) (\\d+)\\.*");
    private static final String DEAD_TOPIC = "satbus.dead";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aBurstOfDeadLettersIsCountedWithItsReasonsAndDoesNotStallTheFlow() throws Exception {
        jarOf(FlakySink.class, dir.resolve("flaky.jar"));
        final int[] ports = Ports.freePorts(3);
        final String yaml = "name: dead-burst\n"
            + "orchester: { host: 127.0.0.1, service_port: " + ports[0] + ", pub_port: " + ports[1] + ", sub_port: "
            + ports[2] + ", " + TestTopologies.HEARTBEAT_SLACK + " }\n"
            + "tracker: { timeout: 10m, " + TestTopologies.METRICS_ON_ANY_PORT + " }\n"
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: " + COUNT + ", rate: 4000, payload: msg, payload_size: 16 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
            + "  out:   { class: " + FlakySink.class.getName() + ", classpath: flaky.jar, max_retries: 1,\n"
            + "           config: { path: out/sink.txt, fail_after: fail-now, fail_count: " + BURST + " } }\n";
        final List<List<byte[]>> deadLetters = new ArrayList<>();
        try (ZContext ctx = new ZContext()) {
            final ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
            sub.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS);
            sub.subscribe(DEAD_TOPIC.getBytes(StandardCharsets.UTF_8));
            sub.connect(Endpoints.tcp("127.0.0.1", ports[2]));
            try (FaultRun run = FaultRun.start(dir, "dead-burst", yaml, "out/sink.txt", "--until-drained", "--progress", "2s")) {
                awaitSubscription(ctx, ports[1], sub, run);
                // The burst starts now. The generator's pace (2 s for all) leaves it room: the
                // subscription is up as soon as the orchester listens, before a satellite sends.
                Files.createFile(dir.resolve("fail-now"));
                final long before = run.sinkLines();
                assertTrue(before <= COUNT - BURST, () -> "the run outran the test: " + before + " lines before the burst");
                final long deadline = System.nanoTime() + FaultRun.PATIENCE.toNanos();
                while (run.supervisor().isAlive() && System.nanoTime() < deadline) {
                    receiveDeadLetters(sub, 100, deadLetters);
                }
                final int code = run.awaitExit(Duration.ofSeconds(1));
                receiveDeadLetters(sub, 500, deadLetters);

                final FinalLine end = run.finalLine();
                final SinkFile sink = SinkFile.read(run.sinkPath(), PAYLOAD);
                assertTrue(end.drained(), () -> end + "\n" + run.describe());
                assertNotEquals(0, code, "a run with dead letters does not exit 0: " + end);
                assertEquals(COUNT, end.generated(), end::toString);
                assertEquals(BURST, end.dead(), end::toString);
                assertEquals(COUNT - BURST, end.delivered(), end::toString);
                assertEquals(0, end.lost(), end::toString);
                assertEquals(sink.distinctIds(), end.delivered(), () -> "delivered, against " + sink + ": " + end);
                assertEquals(0, sink.repeatedLines(), sink::toString);

                final Set<Integer> dead = deadSequences(deadLetters);
                assertEquals(BURST, deadLetters.size(), "dead letters on " + DEAD_TOPIC);
                assertEquals(BURST, dead.size(), "distinct messages among the dead letters");
                final Set<Integer> delivered = sink.sequences("MSG");
                final Set<Integer> all = new HashSet<>(dead);
                all.addAll(delivered);
                assertEquals(COUNT, all.size(), "every sequence delivered or dead");
                dead.retainAll(delivered);
                assertTrue(dead.isEmpty(), () -> "sequences both delivered and dead: " + dead);
            }
        }
    }

    /** The sequences of the dead letters, after checking each one's service, attempts and reason. */
    private static Set<Integer> deadSequences(final List<List<byte[]>> letters) throws IOException {
        final Set<Integer> sequences = new HashSet<>();
        for (List<byte[]> f : letters) {
            assertEquals(4, f.size(), "[topic][dead-letter info][envelope header][payload]");
            final Map<Value, Value> info = MessagePack.newDefaultUnpacker(f.get(1)).unpackValue().asMapValue().map();
            assertEquals("out", text(info, "service"), info::toString);
            final List<Value> history = info.get(key("history")).asArrayValue().list();
            assertEquals(2, history.size(), () -> "1 + max_retries failed attempts: " + info);
            for (Value attempt : history) {
                final String outcome = text(attempt.asMapValue().map(), "outcome");
                assertTrue(outcome.startsWith("error: ") && outcome.contains(FlakySink.REFUSED),
                    () -> "each attempt failed with the sink's reason: " + info);
            }
            final Matcher m = PAYLOAD.matcher(new String(f.get(3), StandardCharsets.UTF_8));
            assertTrue(m.matches(), () -> "payload of a dead letter: " + new String(f.get(3), StandardCharsets.UTF_8));
            sequences.add(Integer.parseInt(m.group(2)));
        }
        return sequences;
    }

    private static Value key(final String name) {
        return org.msgpack.value.ValueFactory.newString(name);
    }

    private static String text(final Map<Value, Value> map, final String name) {
        return map.get(key(name)).asStringValue().asString();
    }

    /** Receives dead letters for up to {@code waitMs}, dropping the subscription probes. */
    private static void receiveDeadLetters(final ZMQ.Socket sub, final int waitMs, final List<List<byte[]>> into) {
        sub.setReceiveTimeOut(waitMs);
        byte[] first;
        while ((first = sub.recv()) != null) {
            final List<byte[]> frames = new ArrayList<>();
            frames.add(first);
            while (sub.hasReceiveMore()) {
                frames.add(sub.recv());
            }
            if (new String(first, StandardCharsets.UTF_8).equals(DEAD_TOPIC)) {
                into.add(frames);
            }
            sub.setReceiveTimeOut(0);
        }
    }

    /** Publishes probes until one comes back: then the orchester's XPUB knows the SUB. */
    private static void awaitSubscription(final ZContext ctx, final int pubPort, final ZMQ.Socket sub, final FaultRun run)
        throws InterruptedException {
        final ZMQ.Socket pub = ctx.createSocket(SocketType.PUB);
        pub.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS);
        pub.setLinger(0);
        pub.connect(Endpoints.tcp("127.0.0.1", pubPort));
        // A peer may not publish under the dead-letter topic: probe on a topic subscribed after it
        // (subscriptions travel in order, so once a probe arrives the dead-letter one is known too).
        final byte[] probe = "probe.subscribed".getBytes(StandardCharsets.UTF_8);
        sub.subscribe(probe);
        sub.setReceiveTimeOut(10);
        assertTrue(Eventually.within(() -> {
            pub.send(probe, ZMQ.SNDMORE);
            pub.send("probe");
            final byte[] got = sub.recv();
            while (sub.hasReceiveMore()) {
                sub.recv();
            }
            return got != null;
        }, FaultRun.PATIENCE), () -> "no probe came through the orchester's topics\n" + run.describe());
        sub.unsubscribe(probe);
        ctx.destroySocket(pub);
    }

    /** A jar holding {@code type}'s class file alone, as a user would build for {@code classpath:}. */
    static void jarOf(final Class<?> type, final Path jar) throws IOException {
        final String entry = type.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
