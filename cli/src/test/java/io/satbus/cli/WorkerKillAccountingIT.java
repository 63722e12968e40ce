package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final int SINK_CREDIT = 100;
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
            + "  out:   { type: sink, credit: " + SINK_CREDIT + ", config: { path: out/sink.txt } }\n";
        // No --until-drained: the run stays up once drained, so that satbus status can be asked.
        try (FaultRun run = FaultRun.start(dir, "worker-kill", yaml, "out/sink.txt", "--progress", "2s")) {
            run.awaitSinkLines(COUNT * 3 / 10);
            run.killAndAwaitRestart("upper.0");
            run.awaitSinkLines(COUNT * 6 / 10);
            run.killAndAwaitRestart("out.0");
            run.awaitSinkLines(COUNT);
            final JsonNode[] accounting = new JsonNode[1];
            assertTrue(TestTopologies.waitFor(() -> settled(accounting[0] = accounting(dir)), FaultRun.PATIENCE),
                () -> "status never showed every message delivered: " + accounting[0] + "\n" + run.describe());
            final SinkFile sink = SinkFile.read(run.sinkPath(), PAYLOAD);

            run.interrupt();
            assertEquals(0, run.awaitExit(FaultRun.PATIENCE), run::describe);
            final FinalLine end = FinalLine.of(run.out());
            sink.assertEverySequenceOnceUnderOneId("MSG", COUNT);
            assertTrue(end.drained(), end::toString);
            assertEquals(COUNT, end.generated(), end::toString);
            assertEquals(sink.distinctIds(), end.delivered(), () -> "delivered, against " + sink + ": " + end);
            assertEquals(0, end.dead(), end::toString);
            assertEquals(0, end.lost(), end::toString);
            // The sink killed between writing a line and its completion leaving the process writes
            // that line again after its restart, uncounted: at most what it held, its credit.
            assertTrue(sink.repeatedLines() <= end.duplicates() + SINK_CREDIT,
                () -> "repeats in the sink file beyond those counted: " + sink + ", " + end);

            final FinalLine status = new FinalLine(end.topology(), true, accounting[0].path("generated").asLong(),
                accounting[0].path("delivered").asLong(), accounting[0].path("duplicates").asLong(),
                accounting[0].path("dead").asLong(), accounting[0].path("lost").asLong());
            assertEquals(end, status, "satbus status --json, asked once everything was delivered, and the final line");
        }
    }

    /** Every message delivered, per the status. */
    private static boolean settled(final JsonNode accounting) {
        return accounting != null && accounting.path("generated").asLong() == COUNT
            && accounting.path("delivered").asLong() == COUNT;
    }

    /** The accounting of {@code satbus status --json}, or null when it did not answer. */
    private static JsonNode accounting(final Path dir) {
        try (SatbusProcess status = SatbusProcess.start(dir, "status", dir.resolve("worker-kill.yaml").toString(), "--json",
            "--timeout", "30s")) {
            if (status.waitFor(Duration.ofMinutes(1)) != 0) {
                return null;
            }
            return new ObjectMapper().readTree(status.out()).path("accounting");
        } catch (Exception ex) {
            return null;
        }
    }
}
