package io.satbus.cli;

import io.satbus.orchester.OrchesterStatus;
import java.util.List;

/**
 * A run's counters at one moment: each satellite's totals and the orchester's status.
 *
 * @param topology  topology name
 * @param elapsedMs time since the run started
 * @param satellites totals per satellite, in file order
 * @param orchester the orchester's status
 */
record RunSnapshot(String topology, long elapsedMs, List<SatelliteTotals> satellites, OrchesterStatus orchester) {

    /** Every source done, every send acknowledged, nothing queued, in flight or awaiting a decision in the orchester. */
    boolean drained() {
        for (SatelliteTotals s : satellites) {
            if (!s.idle()) {
                return false;
            }
        }
        return orchester.drained();
    }

    /** Messages the sources produced. */
    long generated() {
        return satellites.stream().filter(SatelliteTotals::source).mapToLong(SatelliteTotals::sent).sum();
    }

    /** Messages handled by satellites that send nowhere (sinks). */
    long delivered() {
        return satellites.stream().filter(SatelliteTotals::terminal).mapToLong(SatelliteTotals::handled).sum();
    }

    long dead() {
        return orchester.totals().dead();
    }
}
