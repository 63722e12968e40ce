package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.orchester.OrchesterStatus;
import io.satbus.supervisor.RunTotals;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A run's accounting and its drain decision: the five figures, the final line, the exit code,
 * and a run left with nothing but requests for a service nobody serves.
 */
class RunSnapshotTest {
    private static final OrchesterStatus.CounterValues ZERO = OrchesterStatus.CounterValues.ZERO;
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
            services.add(new OrchesterStatus.ServiceStatus(e.getKey(), e.getValue(), 0, 0,
                served.contains(e.getKey()) ? List.of(WORKER) : List.of(), ZERO));
            total += e.getValue();
        }
        return new OrchesterStatus("hello", 0, 0, total, 1, 0, ZERO, services, List.of());
    }

    private static RunSnapshot snapshot(final List<SatelliteTotals> sats, final OrchesterStatus o) {
        return new RunSnapshot("hello", 1_000, sats, o, Set.of("upper", "out"));
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

    @Test
    void aDrainedTopologyWithARequestForAServiceNobodyServesEndsNamingIt() {
        final RunSnapshot s = snapshot(cleanPipeline(), orchester(Map.of("nobody", 1), Set.of()));

        assertFalse(s.drained(), "a request is queued");
        assertTrue(s.onlyStraysLeft());
        assertEquals(Map.of("nobody", 1), s.strays());
        assertEquals("1 request queued for service \"nobody\", which is not a service of hello and has no worker",
            s.straysReason());
    }

    @Test
    void strayRequestsForSeveralServicesAreNamedWithTheirCounts() {
        final Map<String, Integer> queued = new java.util.LinkedHashMap<>();
        queued.put("nobody", 2);
        queued.put("noone", 1);
        final RunSnapshot s = snapshot(cleanPipeline(), orchester(queued, Set.of()));

        assertTrue(s.onlyStraysLeft());
        assertEquals("3 requests queued for services \"nobody\" (2), \"noone\" (1), which are not services of hello"
            + " and have no worker", s.straysReason());
    }

    @Test
    void theTopologysOwnQueuedWorkIsWaitedForEvenWithoutAWorker() {
        final RunSnapshot s = snapshot(cleanPipeline(), orchester(Map.of("out", 5, "nobody", 1), Set.of()));

        assertFalse(s.onlyStraysLeft(), "out's requests wait for an out instance to come back");
        assertEquals(Map.of("nobody", 1), s.strays());
    }

    @Test
    void aRequestForAServiceWithAWorkerIsNotAStray() {
        final RunSnapshot s = snapshot(cleanPipeline(), orchester(Map.of("external", 1), Set.of("external")));

        assertFalse(s.onlyStraysLeft());
        assertNull(s.straysReason());
    }

    @Test
    void strayRequestsDoNotEndARunWhoseSatellitesStillHaveWork() {
        final RunSnapshot s = snapshot(pipeline(4), orchester(Map.of("nobody", 1), Set.of()));

        assertFalse(s.onlyStraysLeft(), "gen has 4 sends outstanding");
    }

    @Test
    void theReasonLineComesBeforeTheFinalLineOfARunThatDidNotDrain() {
        final RunSnapshot s = snapshot(cleanPipeline(), orchester(Map.of("nobody", 1), Set.of()));
        final StringWriter out = new StringWriter();

        final int code = RunCommand.report(new PrintWriter(out), s, false);

        assertEquals(Satbus.EXIT_NOT_DRAINED, code);
        assertEquals(List.of(
            "satbus: hello: 1 request queued for service \"nobody\", which is not a service of hello and has no worker",
            "satbus: hello NOT drained: generated 1000, delivered 1000, duplicates 0, dead 0, lost 0"),
            out.toString().lines().toList());
    }

    @Test
    void theTopologysServicesAreThoseItsSatellitesServeOrSendTo() throws Exception {
        final var hello = io.satbus.core.topology.TopologyLoader.load(TestTopologies.repoRoot()
            .resolve("topologies/hello.yaml"));

        assertEquals(Set.of("upper", "out"), RunSnapshot.servicesOf(hello));
    }
}
