package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.orchester.OrchesterStatus;
import io.satbus.supervisor.SupervisorStatus.InstanceStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A failing child said in one line where an operator looks, and a run that cannot make progress ended. */
class FailingTest {
    private static final long NOW = 1_000_000;
    private static final String NO_MSGPACK = "exit 1: ModuleNotFoundError: No module named 'msgpack'";

    private static InstanceStatus instance(final String satellite, final int k, final String state, final long restarts,
                                           final List<Long> restartAt, final String lastError, final int failedStarts) {
        return new InstanceStatus(satellite, k, state, 42, restarts, "FLAPPING".equals(state) ? 1 : 0, restartAt,
            lastError == null ? null : 1, null, lastError, failedStarts);
    }

    private static RunSnapshot snapshot(final Failing orchester, final SatelliteTotals... sats) {
        final OrchesterStatus.CounterValues zero = OrchesterStatus.CounterValues.ZERO;
        final OrchesterStatus o = new OrchesterStatus("t", 0, 0, 0, 0, 0, zero, List.of(), List.of());
        return new RunSnapshot("t", 5_000, List.of(sats), o, Set.of("py"), orchester);
    }

    private static SatelliteTotals py(final int up, final Failing failing) {
        return new SatelliteTotals("py", 1, up, false, true, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true, "py", 3, 0, null, null,
            failing, 0);
    }

    @Test
    void aSatelliteThatCannotStartIsFailingAndStopsTheRun() {
        final Failing f = Failing.of(1, List.of(instance("py", 0, "BACKOFF", 3, List.of(NOW - 100), NO_MSGPACK, 3)), NOW);
        assertEquals("py.0 cannot start (3 tries): " + NO_MSGPACK, f.describe());
        assertTrue(f.stuck());
        final RunSnapshot s = snapshot(null, py(0, f));
        assertEquals("the run cannot make progress: py.0 cannot start (3 tries): " + NO_MSGPACK, s.stuckReason());
        final DrainWatch watch = new DrainWatch();
        assertNull(watch.observe(s), "one snapshot is not enough");
        assertEquals(DrainWatch.Verdict.STUCK, watch.observe(s));
    }

    @Test
    void aFlappingSatelliteWithNoInstanceUpStopsTheRunButOneWithAnotherUpDoesNot() {
        final InstanceStatus flapping = instance("py", 0, "FLAPPING", 5, List.of(NOW - 100), NO_MSGPACK, 0);
        final Failing alone = Failing.of(1, List.of(flapping), NOW);
        assertEquals("py.0 FLAPPING after 5 restarts: " + NO_MSGPACK, alone.describe());
        assertTrue(alone.stuck());
        final Failing withAnother = Failing.of(2, List.of(flapping, instance("py", 1, "RUNNING", 0, List.of(), null, 0)),
            NOW);
        assertEquals(alone.describe(), withAnother.describe());
        assertTrue(!withAnother.stuck(), "py.1 still works");
        assertNull(snapshot(null, py(1, withAnother)).stuckReason());
    }

    @Test
    void anInstanceUpAgainShowsWhyItExitedForAWhileOnly() {
        final InstanceStatus recent = instance("py", 0, "RUNNING", 1, List.of(NOW - 1_000), "killed by signal 9", 0);
        assertEquals("py.0 restarted (1): killed by signal 9", Failing.of(1, List.of(recent), NOW).describe());
        final InstanceStatus old = instance("py", 0, "RUNNING", 1, List.of(NOW - Failing.RECENT_MS), "killed by signal 9", 0);
        assertNull(Failing.of(1, List.of(old), NOW));
    }

    @Test
    void anOrchesterThatCannotStartStopsTheRun() {
        final Failing f = Failing.ofOrchester(instance("", 0, "BACKOFF", 3, List.of(NOW),
            "exit 2: service_port : 127.0.0.1:6396 is already in use", 3), NOW);
        assertEquals("orchester cannot start (3 tries): exit 2: service_port : 127.0.0.1:6396 is already in use",
            f.describe());
        assertTrue(snapshot(f).stuckReason().contains("orchester cannot start"));
    }

    @Test
    void theProgressLineAndTheTableSayWhyInOneLine() {
        final Failing f = Failing.of(1, List.of(instance("py", 0, "FLAPPING", 5, List.of(NOW), NO_MSGPACK, 0)), NOW);
        final RunSnapshot s = snapshot(null, py(0, f));
        final String line = new ProgressLine().format(s);
        assertTrue(line.endsWith(" | failing: py.0 FLAPPING after 5 restarts: " + NO_MSGPACK), line);
        assertTrue(new StatusTable().format(s).contains("\nfailing: py.0 FLAPPING after 5 restarts: " + NO_MSGPACK + "\n"));
    }
}
