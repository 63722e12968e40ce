package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.supervisor.SupervisorStatus;
import io.satbus.testing.Eventually;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the orchester in the middle of a {@code satbus run} of real processes: nothing the
 * satellites had in their keeping is lost (they send it again to the restarted orchester under
 * the same ids, receivers drop and count the repeats), and the supervisor brings the orchester
 * back at once however often it dies.
 */
class OrchesterKillIT {
    private static final int COUNT = 200_000;
    /** The generator's "msg N", padded with dots to 16 bytes and uppercased by the transformer. */
    private static final Pattern PAYLOAD = Pattern.compile("(MSG) (\\d+)\\.*");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void threeOrchesterKillsLoseNoMessageAndTheRunExitsZero() throws Exception {
        threeKills(false);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void threeOrchesterKillsWithoutATrackerLoseNoMessageAndTheRunExitsZero() throws Exception {
        threeKills(true);
    }

    /**
     * 200,000 messages through generator -> transformer(2) -> sink; the orchester is killed when
     * the sink holds 20%, 50% and 80% of them. The sink is never killed, so its handler sees each
     * id once: the file holds every sequence exactly once, and the repeats the restarted
     * orchester brought are in the counts only.
     */
    private void threeKills(final boolean noTracker) throws Exception {
        final String yaml = "name: orchester-kill\n" + TestTopologies.orchesterOnFreePorts() + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: " + COUNT + ", payload: msg, payload_size: 16 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n";
        final String[] args = noTracker
            ? new String[] {"--until-drained", "--progress", "2s", "--no-tracker"}
            : new String[] {"--until-drained", "--progress", "2s"};
        try (FaultRun run = FaultRun.start(dir, "orchester-kill", yaml, "out/sink.txt", args)) {
            for (double share : new double[] {0.2, 0.5, 0.8}) {
                run.awaitSinkLines((long) (COUNT * share));
                run.killAndAwaitRestart("orchester");
            }
            assertEquals(0, run.awaitExit(FaultRun.PATIENCE), run::describe);
            final FinalLine end = run.finalLine();
            final SinkFile sink = SinkFile.read(run.sinkPath(), PAYLOAD);
            sink.assertEverySequenceOnceUnderOneId("MSG", COUNT);
            assertEquals(0, sink.repeatedLines(), () -> "the sink's handler saw an id twice: " + sink);
            assertTrue(end.drained(), end::toString);
            assertEquals(COUNT, end.generated(), end::toString);
            assertEquals(sink.distinctIds(), end.delivered(), () -> "delivered, against " + sink + ": " + end);
            assertEquals(0, end.dead(), end::toString);
            assertEquals(0, end.lost(), end::toString);
        }
    }

    /**
     * The orchester killed six times in a row, each time as soon as messages flow again: it is
     * back each time (a new process, the sink growing), never held off as flapping, and a Ctrl-C
     * then ends the run with every generated message in the sink. The supervisor's window is
     * widened to 10 minutes so that the six exits fall in one window on a machine of any speed:
     * a satellite that exited so often would be held off.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void sixOrchesterKillsInARowNeverHoldTheBusOff() throws Exception {
        final String orchester = TestTopologies.orchesterOnFreePorts();
        final String endpoint = "tcp://127.0.0.1:" + orchester.replaceFirst("(?s).*service_port: (\\d+).*", "$1");
        final String yaml = "name: orchester-flap\n" + orchester + TestTopologies.trackerOnAnyPort()
            + "supervisor: { window: 10m }\n"
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: 0, rate: 1000, payload: msg, payload_size: 16 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n";
        final List<String> recoveries = new ArrayList<>();
        try (FaultRun run = FaultRun.start(dir, "orchester-flap", yaml, "out/sink.txt", "--progress", "2s")) {
            run.awaitSinkLines(1_000);
            for (int kill = 1; kill <= 6; kill++) {
                final long killedAtNanos = System.nanoTime();
                run.killAndAwaitRestart("orchester");
                final long restartedAtNanos = System.nanoTime();
                // Beyond what the sink may have held when its orchester died (its credit, 100).
                run.awaitSinkLines(run.sinkLines() + 300);
                recoveries.add(String.format("kill %d: restarted after %d ms, sink growing after %d ms", kill,
                    (restartedAtNanos - killedAtNanos) / 1_000_000, (System.nanoTime() - killedAtNanos) / 1_000_000));
            }
            System.out.println("orchester recoveries: " + recoveries);
            final SupervisorStatus[] asked = new SupervisorStatus[1];
            Eventually.within(() -> (asked[0] = RunFolder.status(endpoint, "main")) != null, FaultRun.RESTART);
            final SupervisorStatus status = asked[0];
            assertNotNull(status, () -> "the supervisor did not answer after the kills\n" + run.describe());
            assertEquals("RUNNING", status.orchesterProcess().state(), () -> status + "\n" + run.describe());
            assertEquals(0, status.orchesterProcess().flaps(), "the orchester was never held off: " + status);
            assertEquals(6, status.orchesterProcess().restarts(), status::toString);

            run.interrupt();
            assertEquals(0, run.awaitExit(FaultRun.PATIENCE), run::describe);
            final FinalLine end = run.finalLine();
            final SinkFile sink = SinkFile.read(run.sinkPath(), PAYLOAD);
            sink.assertEverySequenceOnceUnderOneId("MSG", (int) end.generated());
            assertEquals(0, sink.repeatedLines(), () -> "the sink's handler saw an id twice: " + sink);
            assertTrue(end.drained(), end::toString);
            assertEquals(sink.distinctIds(), end.delivered(), () -> "delivered, against " + sink + ": " + end);
            assertEquals(0, end.dead(), end::toString);
            assertEquals(0, end.lost(), end::toString);
        }
    }
}
