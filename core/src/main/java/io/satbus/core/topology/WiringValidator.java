package io.satbus.core.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks that span satellites: each service has one satellite, every {@code send_to}
 * names a service of the file and not the sender's own, and no {@code send_to} chain loops.
 *
 * <p>Each satellite has at most one {@code send_to} and each service one satellite, so the
 * send_to graph has at most one edge out of each satellite: a loop in it has no way out, and
 * every message that enters it circulates until it times out. Owned by the loading thread.
 */
final class WiringValidator {
    private final Problems problems;

    WiringValidator(final Problems problems) {
        this.problems = problems;
    }

    void check(final List<SatelliteSite> sites) {
        final Map<String, SatelliteSite> byService = services(sites);
        final List<String> serviceNames = List.copyOf(byService.keySet());
        final int[] next = new int[sites.size()];
        for (int i = 0; i < sites.size(); i++) {
            next[i] = -1;
            final SatelliteSite site = sites.get(i);
            final String sendTo = site.spec().sendTo();
            if (sendTo == null) {
                continue;
            }
            final String path = "satellites." + site.spec().name() + ".send_to";
            final SatelliteSite target = byService.get(sendTo);
            if (sendTo.equals(site.spec().service())) {
                problems.add(site.sendTo().at(), path, "\"" + sendTo + "\", its own service",
                    "the service of another satellite");
            } else if (target == null && serviceNames.isEmpty()) {
                problems.add(site.sendTo().at(), path, "\"" + sendTo + "\"", "the service of a satellite (there is none)");
            } else if (target == null) {
                problems.addOneOf(site.sendTo().at(), path, "\"" + sendTo + "\", no satellite's service", sendTo,
                    serviceNames);
            } else {
                next[i] = sites.indexOf(target);
            }
        }
        reportCycles(sites, next);
    }

    /** Services to the first satellite working for each; reports any later one. */
    private Map<String, SatelliteSite> services(final List<SatelliteSite> sites) {
        final Map<String, SatelliteSite> byService = new LinkedHashMap<>();
        for (SatelliteSite site : sites) {
            final String service = site.spec().service();
            if (service == null) {
                continue;
            }
            final SatelliteSite first = byService.putIfAbsent(service, site);
            if (first != null) {
                problems.add(site.service() != null ? site.service().at() : site.at(),
                    "satellites." + site.spec().name() + ".service",
                    "\"" + service + "\", already the service of satellites." + first.spec().name(),
                    "one satellite per service; raise instances for more workers");
            }
        }
        return byService;
    }

    /**
     * Walks the send_to edges from each satellite in file order; a walk that meets its own path
     * has found a cycle, reported once, at the send_to of its member first in the file.
     */
    private void reportCycles(final List<SatelliteSite> sites, final int[] next) {
        final int[] walk = new int[sites.size()];
        java.util.Arrays.fill(walk, -1);
        for (int start = 0; start < sites.size(); start++) {
            int i = start;
            while (i >= 0 && walk[i] < 0) {
                walk[i] = start;
                i = next[i];
            }
            if (i >= 0 && walk[i] == start) {
                reportCycle(sites, next, i);
            }
        }
    }

    private void reportCycle(final List<SatelliteSite> sites, final int[] next, final int member) {
        int first = member;
        for (int i = next[member]; i != member; i = next[i]) {
            first = Math.min(first, i);
        }
        final List<String> names = new ArrayList<>();
        int i = first;
        do {
            names.add(sites.get(i).spec().name());
            i = next[i];
        } while (i != first);
        names.add(sites.get(first).spec().name());
        final SatelliteSite site = sites.get(first);
        problems.add(site.sendTo().at(), "satellites." + site.spec().name() + ".send_to",
            "cycle " + String.join(" -> ", names) + " can never drain",
            "send_to edges that end in a satellite that sends nowhere");
    }
}
