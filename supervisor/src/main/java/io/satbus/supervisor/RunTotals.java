package io.satbus.supervisor;

import io.satbus.core.topology.SatelliteSpec;

/**
 * A run's accounting, the five figures the final line of {@code satbus run}, {@code satbus
 * status} (text and {@code --json}) and the metrics show, summed over satellites:
 *
 * <ul>
 *   <li>{@code generated}: the {@code sent} of the sources (satellites that serve no service and
 *       subscribe to nothing);
 *   <li>{@code delivered}: the {@code handled} of the terminal satellites (they send nowhere and
 *       publish nothing);
 *   <li>{@code duplicates}, {@code dead}, {@code lost}: those counters of every satellite.
 * </ul>
 * The one place these rules are written; every view sums {@link #of} over its satellites.
 * Immutable.
 *
 * @param generated  messages the sources produced
 * @param delivered  messages the terminal satellites handled
 * @param duplicates repeats answered without calling a handler
 * @param dead       sends released by a dead notice (dead-lettered, with their reason)
 * @param lost       sends given up without an acknowledgement or a dead notice
 */
public record RunTotals(long generated, long delivered, long duplicates, long dead, long lost) {
    public static final RunTotals NONE = new RunTotals(0, 0, 0, 0, 0);

    /** One satellite's share: its counters, counted by what it is. */
    public static RunTotals of(final boolean source, final boolean terminal, final long sent, final long handled,
                               final long duplicates, final long dead, final long lost) {
        return new RunTotals(source ? sent : 0, terminal ? handled : 0, duplicates, dead, lost);
    }

    /** One satellite's share, from its spec and its counters. */
    public static RunTotals of(final SatelliteSpec spec, final SupervisorStatus.Counts c) {
        return of(spec.isSource(), spec.isTerminal(), c.sent(), c.handled(), c.duplicates(),
            c.dead(), c.lost());
    }

    public RunTotals plus(final RunTotals o) {
        return new RunTotals(generated + o.generated, delivered + o.delivered, duplicates + o.duplicates,
            dead + o.dead, lost + o.lost);
    }

    /** {@code generated G, delivered D, duplicates R, dead X, lost L}: the figures as every view words them. */
    public String describe() {
        return "generated " + generated + ", delivered " + delivered + ", duplicates " + duplicates + ", dead " + dead
            + ", lost " + lost;
    }
}
