package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satbus.orchester.OrchesterStatus;
import io.satbus.supervisor.RunTotals;
import io.satbus.supervisor.SupervisorStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What 'satbus status' prints: the orchester's recent dead messages, an autoscaled satellite's row. */
class StatusRenderingTest {
    private static final OrchesterStatus.CounterValues ZERO = OrchesterStatus.CounterValues.ZERO;

    @Test
    void recentFailuresListEveryAttemptWithItsOutcome() {
        final OrchesterStatus s = new OrchesterStatus("t", 0, 0, 0, 0, 0, ZERO, List.of(), List.of(
            new OrchesterStatus.DeadMessage("upper", 42, 3, List.of(
                new OrchesterStatus.FailedAttempt("00aa", "upper", 0, 0, "timeout"),
                new OrchesterStatus.FailedAttempt("00bb", "upper", 1, 1_000, "error: boom"),
                new OrchesterStatus.FailedAttempt("00cc", "", -1, 2_000, "worker lost"))),
            new OrchesterStatus.DeadMessage("upper", 43, 0, List.of(
                new OrchesterStatus.FailedAttempt("", "", -1, 3_000, "expired: no worker within 1m")))));
        final StringBuilder b = new StringBuilder();
        StatusCommand.appendRecentDead(b, s);
        assertEquals("""
            recent failures (dead, newest last):
              upper dispatch 42: 3 attempts
                1970-01-01T00:00:00Z upper.0: timeout
                1970-01-01T00:00:01Z upper.1: error: boom
                1970-01-01T00:00:02Z worker 00cc: worker lost
              upper dispatch 43: 0 attempts
                1970-01-01T00:00:03Z orchester: expired: no worker within 1m
            """, b.toString());
    }

    @Test
    void nothingIsPrintedWithoutDeadMessages() {
        final StringBuilder b = new StringBuilder();
        StatusCommand.appendRecentDead(b, new OrchesterStatus("t", 0, 0, 0, 0, 0, ZERO, List.of(), List.of()));
        assertEquals("", b.toString());
    }

    @Test
    void anAutoscaledSatellitesRowEndsWithItsRangeAndLoad() {
        final OrchesterStatus o = new OrchesterStatus("t", 0, 6, 120, 3, 0, ZERO, List.of(
            new OrchesterStatus.ServiceStatus("parser", 120, 6, 0, List.of(), ZERO)), List.of());
        final SupervisorStatus.AutoscaleStatus auto = new SupervisorStatus.AutoscaleStatus(1, 4, 0.8, 0.2, 2_000, 10_000,
            2.1, 2, "high for 1.0 s", 1, 0, 5L, "parser: load 0.93 >= 0.80 for 2.1 s, scaling 1 -> 2");
        final SatelliteTotals parser = new SatelliteTotals("parser", 3, 2, false, true, 4100, 0, 0, 0, 0, 0, 0, 0, 0, 6,
            true, "parser", 0, 0, 9.8, auto);
        final String table = new StatusTable().format(new RunSnapshot("t", 12_000, List.of(parser), o, Set.of("parser")));
        assertEquals("parser           2/3     4100        -     120       6     9.8       0       0         0"
            + "  auto 1..4 load 2.10", table.lines().toList().get(2));
    }

    @Test
    void theTableEndsWithTheRunsFiveFiguresWordedAsTheFinalLine() {
        final OrchesterStatus o = new OrchesterStatus("t", 0, 0, 0, 1, 0, ZERO, List.of(), List.of());
        final SatelliteTotals gen = new SatelliteTotals("gen", 1, 1, true, false, 0, 0, 0, 500, 498, 0, 1, 1, 0, 0, true,
            null, 0, 0, null, null);
        final SatelliteTotals out = new SatelliteTotals("out", 1, 1, false, true, 499, 0, 0, 0, 0, 1, 0, 0, 0, 0, true,
            "out", 0, 0, null, null);
        final RunSnapshot s = new RunSnapshot("t", 1_000, List.of(gen, out), o, Set.of("out"));

        final List<String> lines = new StatusTable().format(s).lines().toList();

        assertEquals("run: generated 500, delivered 499, duplicates 1, dead 1, lost 1", lines.get(lines.size() - 1));
        assertEquals("t NOT drained: generated 500, delivered 499, duplicates 1, dead 1, lost 1",
            RunCommand.finalLine(s, false), "the same words as the final line");
    }

    @Test
    void theJsonRunFiguresAreTheSumOfEverySupervisorsShare() {
        final SupervisorStatus main = supervisor("main", new RunTotals(500, 0, 1, 2, 0));
        final SupervisorStatus edge = supervisor("edge", new RunTotals(0, 497, 3, 0, 1));
        final SupervisorStatus old = supervisor("old", null);

        assertEquals(new RunTotals(500, 497, 4, 2, 1), StatusCommand.runTotals(List.of(main, edge, old)));
        assertEquals(new RunTotals(500, 0, 1, 2, 0),
            SupervisorStatus.fromJson(main.toJson()).run(), "the supervisor's document carries its share");
    }

    @Test
    void theHeaderEndsWithTheOrchesterProcesssFileDescriptorsWhenItTellsThem() {
        final OrchesterStatus o = new OrchesterStatus("t", 0, 3, 0, 2, 0, ZERO, List.of(), List.of());
        assertEquals("t 12.0s | queued 0 in-flight 3 retries 0 timeouts 0",
            new StatusTable().format(new RunSnapshot("t", 12_000, List.of(), o, Set.of())).lines().toList().get(0));
        assertEquals("t 12.0s | queued 0 in-flight 3 retries 0 timeouts 0 | fd 153/20000",
            new StatusTable().format(new RunSnapshot("t", 12_000, List.of(),
                o.withDescriptors(new io.satbus.core.FileDescriptors(153, 20_000)), Set.of())).lines().toList().get(0));
    }

    private static SupervisorStatus supervisor(final String host, final RunTotals run) {
        return new SupervisorStatus("t", host, 1, 0, Map.of(), List.of(), null, null, null, null, Map.of(), run, 0);
    }
}
