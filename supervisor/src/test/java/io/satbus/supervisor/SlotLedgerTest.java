package io.satbus.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satbus.supervisor.SupervisorStatus.Counts;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a supervisor counts for each instance slot across its processes: a cumulative report
 * replaces the slot's earlier ones, a per-process report is added to the ended ones, and
 * nothing leaves when a process exits or its slot is scaled away.
 */
class SlotLedgerTest {
    private final SlotLedger ledger = new SlotLedger();
    /** The current report of each instance of "sink", as the supervisor's publish reads them. */
    private final Map<Integer, ChildReport> current = new HashMap<>();

    /** A sink's report: {@code handled} handled, {@code dead} and {@code lost} of its own sends, {@code duplicates} repeats. */
    private static ChildReport report(final long handled, final long duplicates, final long dead, final long lost,
                                      final boolean cumulative) {
        return new ChildReport(1, handled, 0, handled, handled, 0, dead, lost, duplicates, cumulative, 0, 0, 0, false,
            null, null, 0);
    }

    /** Slot {@code number}'s process runs; {@code r} is its latest report, null before its first. */
    private void running(final int number, final ChildReport r) {
        if (r == null) {
            current.remove(number);
        } else {
            current.put(number, r);
        }
        ledger.reported("sink", number, r);
    }

    /** The process of slot {@code number} exits; its last printed report is {@code last}. */
    private void exits(final int number, final ChildReport last) {
        current.remove(number);
        ledger.exited("sink", number, last);
    }

    private Counts total() {
        return ledger.total("sink", current);
    }

    @Test
    void aRestartedSlotsCumulativeReportReplacesWhatItsEarlierProcessReported() {
        running(0, report(100, 1, 2, 0, true));
        exits(0, report(120, 1, 2, 0, true));
        running(0, report(130, 3, 2, 0, true));

        assertEquals(130, total().handled(), "the new process's counters include the killed one's 120");
        assertEquals(3, total().duplicates());
        assertEquals(2, total().dead());
        assertEquals(Counts.NONE, ledger.notCarried("sink", current::get), "the current report carries it all");
    }

    @Test
    void aKilledProcessesLastReportStaysUntilItsSlotReportsAgain() {
        running(0, report(100, 0, 0, 0, true));
        exits(0, null);

        assertEquals(100, total().handled(), "killed before a final report: its last one seen stays");

        running(0, null);
        assertEquals(100, total().handled(), "restarted, not reported yet");

        running(0, report(101, 0, 0, 0, true));
        assertEquals(101, total().handled());
    }

    @Test
    void aSlotScaledAwayKeepsItsLastReportAndComingBackIsNotCountedTwice() {
        running(0, report(50, 0, 0, 0, true));
        running(1, report(70, 0, 0, 1, true));
        exits(1, report(80, 0, 0, 1, true));

        assertEquals(130, total().handled(), "slot 1 scaled away: its 80 stay");
        assertEquals(1, total().lost());
        assertEquals(80, ledger.notCarried("sink", current::get).handled(), "what the instances' reports do not carry");

        running(1, report(85, 0, 0, 1, true));
        assertEquals(135, total().handled(), "slot 1 back: 85 replaces 80");
        assertEquals(1, total().lost());
    }

    @Test
    void perProcessReportsOfEndedProcessesAreAddedUp() {
        running(0, report(40, 0, 0, 0, false));
        exits(0, report(50, 0, 1, 0, false));
        running(0, report(10, 0, 0, 0, false));
        exits(0, report(20, 0, 1, 0, false));
        running(0, report(5, 0, 0, 0, false));

        assertEquals(75, total().handled(), "each process counts from its own start");
        assertEquals(2, total().dead());
        assertEquals(2, ledger.notCarried("sink", current::get).processes());
    }

    @Test
    void slotsAreKeptApartPerSatellite() {
        running(0, report(10, 0, 0, 0, true));
        ledger.exited("other", 0, report(99, 0, 0, 0, true));

        assertEquals(10, total().handled());
        assertEquals(99, ledger.total("other", Map.of()).handled());
    }
}
