package io.satbus.cli;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.satellites.runtime.SatelliteRuntime;
import io.satbus.satellites.runtime.SatelliteStats;
import io.satbus.supervisor.ChildReport;
import io.satbus.supervisor.RunTotals;
import io.satbus.supervisor.SupervisorStatus.AutoscaleStatus;
import io.satbus.supervisor.SupervisorStatus.Counts;
import io.satbus.supervisor.SupervisorStatus.InstanceStatus;
import java.util.List;

/**
 * One satellite's counters summed over its instances, at one moment.
 *
 * @param name        satellite name
 * @param wanted      instances the topology asks for
 * @param up          instances running
 * @param source      true when it produces on its own (a generator)
 * @param terminal    true when it sends nowhere and publishes nothing: a sink
 * @param handled     messages handled (requests and topic messages)
 * @param errors      handler failures
 * @param malformed   malformed frames dropped
 * @param sent        messages sent to services
 * @param acked       of those, acknowledged
 * @param duplicates  repeats answered without calling the handler
 * @param dead        sends released by a dead notice (dead-lettered)
 * @param lost        sends given up without an acknowledgement or a dead notice
 * @param outstanding sent and not yet acknowledged (sends only: see {@code queued})
 * @param inProgress  being handled now
 * @param done        every instance of a source has finished, or was stopped and has closed
 * @param service     the service it works for, or null
 * @param restarts    restarts of its instances after unexpected exits (0 in process)
 * @param flapping    instances held off for exiting too often
 * @param p99Ms       99th percentile latency from the tracker, or null when unknown
 * @param autoscale   its autoscale rule and state, or null when it does not autoscale (or runs in process)
 * @param failing     its failing instance and why, or null when none fails (or it runs in process)
 * @param queued      requests received and not yet handled
 */
record SatelliteTotals(String name, int wanted, int up, boolean source, boolean terminal, long handled, long errors,
                       long malformed, long sent, long acked, long duplicates, long dead, long lost, long outstanding,
                       long inProgress, boolean done, String service, long restarts, int flapping, Double p99Ms,
                       AutoscaleStatus autoscale, Failing failing, long queued) {

    /** Without a failing instance. */
    SatelliteTotals(final String name, final int wanted, final int up, final boolean source, final boolean terminal,
                    final long handled, final long errors, final long malformed, final long sent, final long acked,
                    final long duplicates, final long dead, final long lost, final long outstanding,
                    final long inProgress, final boolean done, final String service, final long restarts,
                    final int flapping, final Double p99Ms, final AutoscaleStatus autoscale) {
        this(name, wanted, up, source, terminal, handled, errors, malformed, sent, acked, duplicates, dead, lost,
            outstanding, inProgress, done, service, restarts, flapping, p99Ms, autoscale, null, 0);
    }

    static SatelliteTotals of(final SatelliteSpec spec, final List<SatelliteRuntime> runtimes) {
        long handled = 0;
        long errors = 0;
        long malformed = 0;
        long sent = 0;
        long acked = 0;
        long duplicates = 0;
        long dead = 0;
        long lost = 0;
        long outstanding = 0;
        long queued = 0;
        long inProgress = 0;
        boolean done = !runtimes.isEmpty();
        int up = 0;
        for (SatelliteRuntime r : runtimes) {
            final SatelliteStats s = r.stats();
            handled += s.handled();
            errors += s.errors();
            malformed += s.malformed();
            sent += s.sent();
            acked += s.acked();
            duplicates += s.duplicates();
            dead += s.dead();
            lost += s.lost();
            outstanding += s.outstanding();
            queued += s.queued();
            inProgress += s.inProgress();
            // A source is done when it said so, or when it was stopped and its runtime has closed.
            done &= s.done() || !r.isRunning();
            up += r.isRunning() ? 1 : 0;
        }
        final boolean source = spec.isSource();
        return new SatelliteTotals(spec.name(), spec.instances(), up, source, spec.isTerminal(), handled,
            errors, malformed, sent, acked, duplicates, dead, lost, outstanding, inProgress, !source || done,
            spec.service(), 0, 0, null, null, null, queued);
    }

    /**
     * From a supervisor's instances and the counters of the satellite's ended processes that
     * those instances' reports do not carry ({@code ended}, may be null): a source instance that
     * stopped (drained, when asked) counts as done; an instance without a report yet counts nothing.
     * {@code atMs} is when the supervisor took its status, which says which restarts are recent.
     */
    static SatelliteTotals of(final SatelliteSpec spec, final int wanted, final List<InstanceStatus> instances,
                              final Counts ended, final Double p99Ms, final AutoscaleStatus autoscale, final long atMs) {
        Counts c = ended == null ? Counts.NONE : ended;
        long outstanding = 0;
        long queued = 0;
        long inProgress = 0;
        long restarts = 0;
        int flapping = 0;
        int up = 0;
        boolean done = true;
        final boolean source = spec.isSource();
        for (InstanceStatus i : instances) {
            final ChildReport r = i.report();
            restarts += i.restarts();
            flapping += i.flapping() ? 1 : 0;
            up += i.up() ? 1 : 0;
            final boolean stopped = "STOPPED".equals(i.state());
            done &= stopped || r != null && r.done();
            if (r != null) {
                c = c.plus(Counts.of(r));
                outstanding += r.outstanding();
                queued += r.queued();
                inProgress += r.inProgress();
            }
        }
        return new SatelliteTotals(spec.name(), wanted, up, source, spec.isTerminal(), c.handled(), c.errors(),
            0, c.sent(), c.acked(), c.duplicates(), c.dead(), c.lost(), outstanding, inProgress, !source || done,
            spec.service(), restarts, flapping, p99Ms, autoscale, Failing.of(wanted, instances, atMs), queued);
    }

    /** Its share of the run's accounting. */
    RunTotals totals() {
        return RunTotals.of(source, terminal, sent, handled, duplicates, dead, lost);
    }

    /** Nothing waiting on this satellite: sources finished, no sends unacknowledged, nothing queued or in hand. */
    boolean idle() {
        return done && outstanding == 0 && queued == 0 && inProgress == 0;
    }
}
