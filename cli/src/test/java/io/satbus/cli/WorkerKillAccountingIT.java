package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transformer and the sink SIGKILLed in the middle of a {@code satbus run} of real processes:
 * what the final line and {@code satbus status --json} say agrees with the sink file, although
 * the killed processes could not report what they counted last.
 */
class WorkerKillAccountingIT {
    private static final int COUNT = 60_000;
    private static final Pattern PAYLOAD = Pattern.compile("(MSG) (\\d+)\\.*");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theFinalLineAndStatusAgreeWithTheSinkFileAfterASinkAndATransformerWereKilled() throws Exception {
        final String yaml = "name: worker-kill\n" + TestTopologies.orchesterOnFreePorts() + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: " + COUNT + ", payload: msg, payload_size: 16 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n";
        // No --until-drained: the run stays up once drained, so that satbus status can be asked.
        try (FaultRun run = FaultRun.start(dir, "worker-kill", yaml, "out/sink.txt", "--progress", "2s")) {
            run.awaitSinkLines(COUNT * 3 / 10);
            run.killAndAwaitRestart("upper.0");
            run.awaitSinkLines(COUNT * 6 / 10);
            run.killAndAwaitRestart("out.0");
            run.awaitSinkLines(COUNT);
            // Asked until two answers in a row agree and show every message delivered, nothing queued.
            final JsonNode[] asked = new JsonNode[2];
            assertTrue(Eventually.within(() -> {
                asked[0] = asked[1];
                asked[1] = status(dir);
                return settled(asked[1]) && asked[0] != null && asked[1].path("run").equals(asked[0].path("run"));
            }, FaultRun.PATIENCE), () -> "status never settled with every message delivered: " + asked[1] + "\n" + run.describe());
            final JsonNode figures = asked[1].path("run");
            final SinkFile sink = SinkFile.read(run.sinkPath(), PAYLOAD);

            run.interrupt();
            assertEquals(0, run.awaitExit(FaultRun.PATIENCE), run::describe);
            final FinalLine end = run.finalLine();
            sink.assertEverySequenceOnceUnderOneId("MSG", COUNT);
            assertTrue(end.drained(), end::toString);
            assertEquals(COUNT, end.generated(), end::toString);
            assertEquals(sink.distinctIds(), end.delivered(), () -> "delivered, against " + sink + ": " + end);
            assertEquals(0, end.dead(), end::toString);
            assertEquals(0, end.lost(), end::toString);
            // The sink reads its file back when it starts: a message its killed process had written
            // and not completed is a repeat to the restarted one, not a second line.
            assertEquals(0, sink.repeatedLines(), () -> "the sink wrote an id twice: " + sink + ", " + end);

            final FinalLine status = new FinalLine(end.topology(), true, figures.path("generated").asLong(),
                figures.path("delivered").asLong(), figures.path("duplicates").asLong(), figures.path("dead").asLong(),
                figures.path("lost").asLong());
            assertEquals(end, status, "satbus status --json, asked once everything was delivered, and the final line");
        }
    }

    /** Every message delivered, per the run's figures, and nothing queued or in flight at the orchester. */
    private static boolean settled(final JsonNode status) {
        return status != null && status.path("run").path("generated").asLong() == COUNT
            && status.path("run").path("delivered").asLong() == COUNT
            && status.path("queued").asLong(-1) == 0 && status.path("in_flight").asLong(-1) == 0;
    }

    /** {@code satbus status --json}, or null when it did not answer. */
    private static JsonNode status(final Path dir) {
        try (SatbusProcess status = SatbusProcess.start(dir, "status", dir.resolve("worker-kill.yaml").toString(), "--json",
            "--timeout", "30s")) {
            if (status.waitFor(Duration.ofMinutes(1)) != 0) {
                return null;
            }
            return new ObjectMapper().readTree(status.out());
        } catch (Exception ex) {
            return null;
        }
    }
}
