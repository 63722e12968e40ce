package io.satbus.cli;

import io.satbus.cli.supervisor.RunTotals;
import io.satbus.orchester.OrchesterStatus;
import java.util.List;

/**
 * A run's counters at one moment: each satellite's totals and the orchester's status.
 *
 * @param topology   topology name
 * @param elapsedMs  time since the run started
 * @param satellites totals per satellite, in file order
 * @param orchester  the orchester's status
 */
record RunSnapshot(String topology, long elapsedMs, List<SatelliteTotals> satellites, OrchesterStatus orchester) {

    RunSnapshot {
        satellites = List.copyOf(satellites);
    }

    /** Every source done, every send acknowledged, nothing queued, in flight or awaiting a decision in the orchester. */
    boolean drained() {
        return satellitesIdle() && orchester.drained();
    }

    private boolean satellitesIdle() {
        for (SatelliteTotals s : satellites) {
            if (!s.idle()) {
                return false;
            }
        }
        return true;
    }

    /** The run's accounting: generated, delivered, duplicates, dead, lost ({@link RunTotals}). */
    RunTotals totals() {
        RunTotals t = RunTotals.NONE;
        for (SatelliteTotals s : satellites) {
            t = t.plus(s.totals());
        }
        return t;
    }

    /** Messages the sources produced. */
    long generated() {
        return totals().generated();
    }

    /** Messages handled by satellites that send nowhere (sinks). */
    long delivered() {
        return totals().delivered();
    }

    /** Sends released by a dead notice, over the topology's satellites. */
    long dead() {
        return totals().dead();
    }

    /** Sends given up without an acknowledgement or a dead notice. */
    long lost() {
        return totals().lost();
    }
}
