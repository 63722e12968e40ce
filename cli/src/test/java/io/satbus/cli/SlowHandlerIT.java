package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.satbus.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler that takes 60 ms a message, with the default credit of 100 and a 5 s timeout: the
 * instance holds 6 s of work at a time, longer than its deadline and than the orchester's
 * patience with a silent worker. It must neither look dead nor have its messages timed out.
 */
class SlowHandlerIT {
    private static final int COUNT = 200;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aWorkerThatIsSlowButAliveIsNeitherDeclaredDeadNorTimedOut() throws Exception {
        final int[] ports = Ports.freePorts(3);
        final Path file = dir.resolve("slow.yaml");
        Files.writeString(file, "name: slow\n"
            + "orchester: { host: 127.0.0.1, service_port: " + ports[0] + ", pub_port: " + ports[1] + ", sub_port: "
            + ports[2] + " }\n"
            + "tracker: { timeout: 5s, max_retries: 2, " + TestTopologies.METRICS_ON_ANY_PORT + " }\n"
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: " + COUNT + ", payload: msg } }\n"
            + "  upper: { type: transformer, credit: 100, send_to: out, config: { op: upper, delay: 60ms } }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n");
        try (SatbusProcess run = SatbusProcess.start(dir, "run", file.toString(), "--until-drained",
            "--grace", SatbusCommandIT.GRACE)) {
            final int exit = run.waitFor(Duration.ofMinutes(3));
            assertEquals(0, exit, () -> output(run));
        }
        final List<String> lines = Files.readAllLines(dir.resolve("out/sink.txt"));
        final Set<String> payloads = new HashSet<>();
        for (String line : lines) {
            payloads.add(line.split("\t", 2)[1]);
        }
        assertEquals(COUNT, payloads.size(), "every message delivered");
        assertEquals(COUNT, lines.size(), "each once");
        final String orchesterLog = log("orchester");
        assertFalse(orchesterLog.contains("declared dead"), "the orchester declared the slow worker dead:\n" + orchesterLog);
        assertFalse(orchesterLog.contains("timeout"), "an attempt timed out:\n" + orchesterLog);
        final String upperLog = log("upper");
        assertFalse(upperLog.contains("reconnecting"), "the slow worker thought the orchester silent:\n" + upperLog);
    }

    /** The logs of {@code label}'s processes in the run folder, joined. */
    private String log(final String label) throws Exception {
        final StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir.resolve("runs"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(label)
                && p.getFileName().toString().endsWith(".log")).toList()) {
                all.append(Files.readString(p));
            }
        }
        return all.toString();
    }

    private static String output(final SatbusProcess run) {
        try {
            return run.out() + run.err();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
