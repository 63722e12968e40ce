package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** generator -> transformer(2) -> sink over real TCP loopback, no faults: exactly once. */
class PipelineExactlyOnceIT {
    private static final int COUNT = 100_000;
    /** The generator's "msg N" padded with dots to payload_size, uppercased. */
    private static final java.util.regex.Pattern PAYLOAD = java.util.regex.Pattern.compile("MSG (\\d+)\\.*");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyGeneratedMessageReachesTheSinkExactlyOnce() throws Exception {
        final String yaml = "name: exactly-once\n"
            + TestTopologies.orchesterOnFreePorts()
            + "tracker: { timeout: 30s, max_retries: 2, " + TestTopologies.METRICS_ON_ANY_PORT + " }\n"
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: " + COUNT + ", payload: msg, payload_size: 16 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n";
        final Path file = dir.resolve("exactly-once.yaml");
        Files.writeString(file, yaml);
        final Topology topology = TopologyLoader.load(file);

        final RunSnapshot end;
        try (InProcessRun run = InProcessRun.start(topology, dir)) {
            assertTrue(run.awaitDrained(System.currentTimeMillis() + 240_000, 100, System::currentTimeMillis),
                "pipeline did not drain: " + run.snapshot(0));
            end = run.snapshot(0);
            // Both transformer instances took a share of the work.
            for (var r : run.runtimes("upper")) {
                assertTrue(r.stats().handled() > 0, "an upper instance handled nothing: " + r.stats());
            }
        }

        final List<String> lines = Files.readAllLines(dir.resolve("out/sink.txt"), StandardCharsets.UTF_8);
        assertEquals(COUNT, lines.size(), "lines in the sink file");
        final Set<String> ids = new HashSet<>();
        final BitSet sequences = new BitSet(COUNT);
        for (String line : lines) {
            final String[] parts = line.split("\t", 2);
            assertTrue(ids.add(parts[0]), "id written twice: " + parts[0]);
            final java.util.regex.Matcher m = PAYLOAD.matcher(parts[1]);
            assertTrue(m.matches(), "payload not the generator's, uppercased by the transformer: " + parts[1]);
            final int seq = Integer.parseInt(m.group(1));
            assertTrue(seq >= 0 && seq < COUNT, "sequence out of range: " + seq);
            sequences.set(seq);
        }
        assertEquals(COUNT, sequences.cardinality(), "distinct generated sequences seen in the sink");
        assertEquals(COUNT, end.generated());
        assertEquals(COUNT, end.delivered());
        assertEquals(0, end.dead());
        assertEquals(0, end.orchester().totals().dead());
        assertEquals(0, end.totals().duplicates(), "no repeat when nothing fails");
        assertEquals(0, end.lost());
    }
}
