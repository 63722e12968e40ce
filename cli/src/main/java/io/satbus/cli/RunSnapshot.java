package io.satbus.cli;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.supervisor.RunTotals;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A run's counters at one moment: each satellite's totals and the orchester's status.
 *
 * @param topology   topology name
 * @param elapsedMs  time since the run started
 * @param satellites totals per satellite, in file order
 * @param orchester  the orchester's status
 * @param services   the services the topology's satellites serve or send to, on every host
 *                   ({@link #servicesOf}): requests queued for any other service are not the
 *                   topology's own ({@link #strays()})
 * @param orchesterFailing the orchester's process when it is failing, or null
 */
record RunSnapshot(String topology, long elapsedMs, List<SatelliteTotals> satellites, OrchesterStatus orchester,
                   Set<String> services, Failing orchesterFailing) {

    RunSnapshot {
        satellites = List.copyOf(satellites);
        services = Set.copyOf(services);
    }

    /** With an orchester that is not failing (or not supervised: in process). */
    RunSnapshot(final String topology, final long elapsedMs, final List<SatelliteTotals> satellites,
                final OrchesterStatus orchester, final Set<String> services) {
        this(topology, elapsedMs, satellites, orchester, services, null);
    }

    /** Every failing child, the orchester first, then the satellites in file order. */
    List<Failing> failing() {
        final List<Failing> all = new ArrayList<>();
        if (orchesterFailing != null) {
            all.add(orchesterFailing);
        }
        for (SatelliteTotals s : satellites) {
            if (s.failing() != null) {
                all.add(s.failing());
            }
        }
        return all;
    }

    /**
     * Why the run cannot make progress, in one line, or null while it can: the orchester cannot
     * start, or a satellite has no instance up and one of them is flapping or cannot start; or
     * why it cannot drain: a child ended while the run stopped, with what it held unaccounted.
     */
    String stuckReason() {
        for (Failing f : failing()) {
            if (f.stuck()) {
                return "the run cannot " + (f.exited() ? "drain" : "make progress") + ": " + f.describe();
            }
        }
        return null;
    }

    /** The services {@code t}'s satellites serve or send to: the topology's own. */
    static Set<String> servicesOf(final Topology t) {
        final Set<String> services = new HashSet<>();
        for (SatelliteSpec s : t.satellites().values()) {
            if (s.service() != null) {
                services.add(s.service());
            }
            if (s.sendTo() != null) {
                services.add(s.sendTo());
            }
        }
        return services;
    }

    /**
     * Every source done, every send acknowledged, nothing queued, in flight or awaiting a decision
     * in the orchester, and no child that ended uncleanly while the run stopped
     * ({@link #unaccounted()}): the counters of a child killed with work in hand would pass for
     * drained. (A satellite that cannot start but that nothing waits on does not keep a drain
     * from ending; {@code --until-drained} stops on it earlier, {@link #stuckReason()}.)
     */
    boolean drained() {
        return satellitesIdle() && orchester.drained() && !unaccounted();
    }

    /** True when a child ended uncleanly while the run stopped: what it held is not accounted for. */
    boolean unaccounted() {
        return failing().stream().anyMatch(Failing::exited);
    }

    /**
     * True when everything of the topology is drained and requests are still queued, all of them
     * {@link #strays()}: nothing the run does will ever take them, so waiting for them is waiting
     * forever.
     */
    boolean onlyStraysLeft() {
        final Map<String, Integer> strays = strays();
        return !strays.isEmpty() && satellitesIdle() && orchester.inFlight() == 0 && orchester.awaitingDecision() == 0
            && orchester.queued() == strays.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Requests queued for services that are not one of the topology's and have no worker (a
     * client asked for a service nobody serves), per service in the orchester's order.
     */
    Map<String, Integer> strays() {
        final Map<String, Integer> strays = new LinkedHashMap<>();
        for (OrchesterStatus.ServiceStatus s : orchester.services()) {
            if (s.queueDepth() > 0 && s.workers().isEmpty() && !services.contains(s.name())) {
                strays.put(s.name(), s.queueDepth());
            }
        }
        return strays;
    }

    /**
     * One line naming the {@link #strays()}, e.g. {@code 1 request queued for service "nobody",
     * which is not a service of hello and has no worker}; null when there are none.
     */
    String straysReason() {
        final Map<String, Integer> strays = strays();
        if (strays.isEmpty()) {
            return null;
        }
        final int n = strays.values().stream().mapToInt(Integer::intValue).sum();
        final String requests = n + (n == 1 ? " request" : " requests");
        if (strays.size() == 1) {
            return requests + " queued for service \"" + strays.keySet().iterator().next() + "\", which is not a service of "
                + topology + " and has no worker";
        }
        return requests + " queued for services " + strays.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\" (" + e.getValue() + ")").collect(Collectors.joining(", "))
            + ", which are not services of " + topology + " and have no worker";
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
