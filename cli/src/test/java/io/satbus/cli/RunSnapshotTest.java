package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.cli.supervisor.RunTotals;
import io.satbus.orchester.OrchesterStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A run's accounting: the five figures, the final line, the exit code.
 */
class RunSnapshotTest {
    private static final OrchesterStatus.CounterValues ZERO = new OrchesterStatus.CounterValues(0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0);
    private static final OrchesterStatus.WorkerStatus WORKER = new OrchesterStatus.WorkerStatus("00aa", "upper", 0, 100,
        0, true);

    /** gen -> upper -> out: gen sent 1000, out handled 998 with 3 repeats; 2 dead and 1 lost upstream. */
    private static List<SatelliteTotals> pipeline(final long outstanding) {
        return List.of(
            new SatelliteTotals("gen", 1, 1, true, false, 0, 0, 0, 1000, 999, 0, 1, 1, outstanding, 0, true, null, 0, 0,
                null, null),
            new SatelliteTotals("upper", 2, 2, false, false, 1000, 0, 0, 998, 998, 0, 1, 0, 0, 0, true, "upper", 0, 0,
                null, null),
            new SatelliteTotals("out", 1, 1, false, true, 998, 0, 0, 0, 0, 3, 0, 0, 0, 0, true, "out", 0, 0, null, null));
    }

    private static List<SatelliteTotals> cleanPipeline() {
        return List.of(
            new SatelliteTotals("gen", 1, 1, true, false, 0, 0, 0, 1000, 1000, 0, 0, 0, 0, 0, true, null, 0, 0, null, null),
            new SatelliteTotals("out", 1, 1, false, true, 1000, 0, 0, 0, 0, 0, 0, 0, 0, 0, true, "out", 0, 0, null, null));
    }

    /** The orchester with {@code queued} requests per service; services named in {@code served} have a worker. */
    private static OrchesterStatus orchester(final Map<String, Integer> queued, final Set<String> served) {
        final List<OrchesterStatus.ServiceStatus> services = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, Integer> e : queued.entrySet()) {
            services.add(new OrchesterStatus.ServiceStatus(e.getKey(), e.getValue(), 0,
                served.contains(e.getKey()) ? List.of(WORKER) : List.of(), ZERO));
            total += e.getValue();
        }
        return new OrchesterStatus("hello", 0, 0, total, 1, 0, ZERO, services, List.of());
    }

    private static RunSnapshot snapshot(final List<SatelliteTotals> sats, final OrchesterStatus o) {
        return new RunSnapshot("hello", 1_000, sats, o);
    }

    @Test
    void theFiveFiguresComeFromTheSourcesTheSinksAndEverySatellite() {
        final RunSnapshot s = snapshot(pipeline(0), orchester(Map.of(), Set.of()));

        assertEquals(new RunTotals(1000, 998, 3, 2, 1), s.totals());
        assertEquals("hello drained: generated 1000, delivered 998, duplicates 3, dead 2, lost 1",
            RunCommand.finalLine(s, true));
        assertEquals("hello NOT drained: generated 1000, delivered 998, duplicates 3, dead 2, lost 1",
            RunCommand.finalLine(s, false));
    }

    @Test
    void exitsZeroOnlyWhenDrainedWithNothingDeadOrLost() {
        final OrchesterStatus idle = orchester(Map.of(), Set.of());
        assertEquals(0, RunCommand.exitCode(snapshot(cleanPipeline(), idle), true));
        assertEquals(Satbus.EXIT_NOT_DRAINED, RunCommand.exitCode(snapshot(cleanPipeline(), idle), false));
        assertEquals(Satbus.EXIT_NOT_DRAINED, RunCommand.exitCode(snapshot(pipeline(0), idle), true), "dead 2, lost 1");

        final List<SatelliteTotals> lostOnly = List.of(
            new SatelliteTotals("gen", 1, 1, true, false, 0, 0, 0, 1000, 999, 0, 0, 1, 0, 0, true, null, 0, 0, null, null));
        assertEquals(Satbus.EXIT_NOT_DRAINED, RunCommand.exitCode(snapshot(lostOnly, idle), true), "lost 1, dead 0");
    }
}
