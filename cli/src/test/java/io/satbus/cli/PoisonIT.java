package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.Endpoints;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Issue 10's poison: one message among 1,000 makes the JVM of whichever transformer handles it
 * halt. Under {@code satbus run} (real processes, restarted by the supervisor) only that message
 * goes dead, after 1 + max_retries crashes, with a history naming them; the 999 others, those
 * its crashes took down with it included, are delivered.
 */
class PoisonIT {
    private static final int COUNT = 1000;
    private static final int POISON = 500;
    private static final Pattern SEQUENCE = Pattern.compile("MSG (\\d+)\\.*");
    private static final Pattern LAST_LINE = Pattern.compile("poison (?:NOT )?drained: generated (\\d+), delivered (\\d+),"
        + "(?: duplicates \\d+,)? dead (\\d+)");
    /** A transformer that uppercases, and halts its JVM on message {@link #POISON}, as an out-of-memory exit would. */
    private static final String SOURCE = """
        package poison;

        import io.satbus.core.envelope.Envelope;
        import io.satbus.satellites.api.Output;
        import io.satbus.satellites.api.Satellite;
        import io.satbus.satellites.api.SatelliteContext;
        import java.nio.charset.StandardCharsets;
        import java.util.Locale;

        public final class Poisoned implements Satellite {
            @Override
            public void open(SatelliteContext context) {
            }

            @Override
            public void onMessage(Envelope message, Output out) {
                String text = new String(message.payload(), StandardCharsets.UTF_8);
                if (text.startsWith("msg %d.")) {
                    Runtime.getRuntime().halt(99);
                }
                out.forward(message, "text/plain", text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            }
        }
        """.formatted(POISON);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void onlyTheMessageThatKillsItsWorkerGoesDeadAndEveryOtherIsDelivered() throws Exception {
        buildPoisonedJar();
        final String yaml = "name: poison\n"
            + TestTopologies.orchesterOnFreePorts()
            + TestTopologies.trackerOnAnyPort().replace(" }\n", ", max_retries: 2 }\n")
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: " + COUNT + ", payload: msg, payload_size: 16 } }\n"
            + "  upper: { class: poison.Poisoned, classpath: poisoned.jar, instances: 2, send_to: out }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n";
        final Path file = dir.resolve("poison.yaml");
        Files.writeString(file, yaml);
        final Topology topology = TopologyLoader.load(file);

        try (ZContext ctx = new ZContext(1)) {
            final ZMQ.Socket dead = ctx.createSocket(SocketType.SUB);
            dead.setLinger(0);
            dead.subscribe(topology.tracker().deadLetterTopic().getBytes(StandardCharsets.UTF_8));
            dead.connect(Endpoints.tcp(topology.orchester().host(), topology.orchester().subPort()));
            final int rc;
            final String out;
            try (SatbusProcess p = SatbusProcess.start(dir, "run", file.toString(), "--until-drained",
                "--grace", SatbusCommandIT.GRACE)) {
                rc = p.waitFor(Duration.ofMinutes(4));
                out = p.out() + "\n" + p.err();
            }
            final List<byte[]> letter = receive(dead, 5000);
            assertNotNull(letter, "no dead letter on " + topology.tracker().deadLetterTopic() + "; run said:\n" + out);
            assertEquals(Satbus.EXIT_NOT_DRAINED, rc, "a message went dead: " + out);
            final Matcher last = LAST_LINE.matcher(out);
            assertTrue(last.find(), out);
            assertEquals(List.of(COUNT, COUNT - 1, 1), List.of(Integer.parseInt(last.group(1)),
                Integer.parseInt(last.group(2)), Integer.parseInt(last.group(3))), last.group());

            final Map<String, Value> info = map(letter.get(1));
            assertEquals("upper", info.get("service").asStringValue().asString());
            assertEquals(3, info.get("attempts").asIntegerValue().asInt(), "1 + max_retries attempts, each a crash");
            final List<String> outcomes = new ArrayList<>();
            final List<String> satellites = new ArrayList<>();
            for (Value v : info.get("history").asArrayValue()) {
                final Map<Value, Value> attempt = v.asMapValue().map();
                outcomes.add(attempt.get(org.msgpack.value.ValueFactory.newString("outcome")).asStringValue().asString());
                satellites.add(attempt.get(org.msgpack.value.ValueFactory.newString("satellite")).asStringValue().asString());
            }
            assertEquals(List.of("worker lost", "worker lost", "worker lost"), outcomes);
            assertEquals(List.of("upper", "upper", "upper"), satellites);
            assertTrue(new String(letter.get(3), StandardCharsets.UTF_8).startsWith("msg " + POISON + "."),
                "the dead letter is the poison");
            assertEquals(null, receive(dead, 500), "one dead letter only");
        }

        final List<String> lines = Files.readAllLines(dir.resolve("out/sink.txt"));
        assertEquals(COUNT - 1, lines.size(), "every message but the poison, once");
        final BitSet seen = new BitSet(COUNT);
        for (String line : lines) {
            final Matcher m = SEQUENCE.matcher(line.split("\t", 2)[1]);
            assertTrue(m.matches(), line);
            seen.set(Integer.parseInt(m.group(1)));
        }
        assertFalse(seen.get(POISON));
        seen.set(POISON);
        assertEquals(COUNT, seen.cardinality(), "every other sequence delivered");
    }

    private void buildPoisonedJar() throws IOException {
        final Path src = Files.createDirectories(dir.resolve("src/poison")).resolve("Poisoned.java");
        Files.writeString(src, SOURCE);
        final Path classes = Files.createDirectories(dir.resolve("build"));
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-cp", SatbusProcess.jar().toString(), "-d", classes.toString(),
            src.toString()), "javac of the poisoned transformer");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("poisoned.jar")));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
    }

    /** The next whole message on {@code s}, or null after {@code timeoutMs}. */
    private static List<byte[]> receive(final ZMQ.Socket s, final int timeoutMs) {
        s.setReceiveTimeOut(timeoutMs);
        final byte[] first = s.recv(0);
        if (first == null) {
            return null;
        }
        final List<byte[]> frames = new ArrayList<>(List.of(first));
        while (s.hasReceiveMore()) {
            frames.add(s.recv(0));
        }
        return frames;
    }

    private static Map<String, Value> map(final byte[] frame) throws IOException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            final Map<String, Value> out = new java.util.HashMap<>();
            u.unpackValue().asMapValue().map().forEach((k, v) -> out.put(k.asStringValue().asString(), v));
            return out;
        }
    }
}
