package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a source in the middle of a {@code satbus run} of real processes. Two generators
 * feed one pipeline: {@code plain}, which resumes from its last acknowledged sequence under the
 * ids it gave before, and {@code boxed}, with {@code outbox: true}, which resumes where it
 * stopped producing and leaves the rest (emitted, not yet acknowledged) to its outbox: were the
 * outbox to lose what it held, those sequences would be missing.
 */
class SourceKillIT {
    private static final int COUNT = 40_000;
    /** "a N" and "b N", padded with dots to 16 bytes and uppercased by the transformer. */
    private static final Pattern PAYLOAD = Pattern.compile("([AB]) (\\d+)\\.*");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aKilledSourceResumesUnderTheSameIdsAndItsOutboxLosesNothing() throws Exception {
        final String yaml = "name: source-kill\n" + TestTopologies.orchesterOnFreePorts() + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  plain: { type: generator, send_to: upper, config: { count: " + COUNT + ", payload: a, payload_size: 16 } }\n"
            + "  boxed: { type: generator, send_to: upper, outbox: true, config: { count: " + COUNT
            + ", payload: b, payload_size: 16 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n";
        try (FaultRun run = FaultRun.start(dir, "source-kill", yaml, "out/sink.txt", "--until-drained", "--progress", "2s")) {
            // At 30% of both together, each source is mid-run: neither can be more than its send
            // window (1,000) ahead of what the sink has.
            run.awaitSinkLines(2 * COUNT * 3 / 10);
            run.killAndAwaitRestart("plain.0", "boxed.0");
            assertEquals(0, run.awaitExit(FaultRun.PATIENCE), run::describe);

            final Path state = RunFolder.runDir(dir).resolve("state");
            assertTrue(Files.exists(state.resolve("boxed.0.outbox")), () -> "no outbox of boxed.0 in " + state);
            assertFalse(Files.exists(state.resolve("plain.0.outbox")), () -> "an outbox of plain.0, which has none, in " + state);
            final FinalLine end = run.finalLine();
            final SinkFile sink = SinkFile.read(run.sinkPath(), PAYLOAD);
            sink.assertEverySequenceOnceUnderOneId("A", COUNT);
            sink.assertEverySequenceOnceUnderOneId("B", COUNT);
            assertEquals(0, sink.repeatedLines(), () -> "the sink's handler saw an id twice: " + sink);
            assertTrue(end.drained(), end::toString);
            assertEquals(2 * COUNT, end.generated(), () -> "a restarted source counted again what it had sent: " + end);
            assertEquals(sink.distinctIds(), end.delivered(), () -> "delivered, against " + sink + ": " + end);
            assertEquals(0, end.dead(), end::toString);
            assertEquals(0, end.lost(), end::toString);
        }
    }
}
