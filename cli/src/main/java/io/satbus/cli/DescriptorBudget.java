package io.satbus.cli;

import io.satbus.core.FileDescriptors;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;

/**
 * The file descriptors an orchester process needs for its topology, checked against its limit
 * at start (docs/operations.md, "Limits"). Each accepted connection takes one; a process at its
 * limit accepts nothing more, so a satellite restarted then could never reconnect.
 *
 * <pre>
 * needed = open at start                  (the JVM, its jars, ZeroMQ's and Netty's own)
 *        + tracker.metrics.max_connections (the HTTP view, when on and in this process)
 *        + 2 x 3 x satellite instances     (service, publish and subscribe connections of each
 *                                           instance at its autoscale max, twice: a restarted
 *                                           instance's new ones while the old wait to be closed)
 *        + {@value #HEADROOM}                       (plain MDP clients, satbus status, connections
 *                                           that never finish their handshake, closed after 1 s)
 * </pre>
 * Immutable.
 *
 * @param descriptors open and most at start
 * @param http        the HTTP view's share
 * @param satellites  the satellite instances' share
 * @param instances   satellite instances counted
 */
record DescriptorBudget(FileDescriptors descriptors, int http, int satellites, int instances) {
    /** Connections per satellite instance: service (DEALER), publish and subscribe. */
    static final int CONNECTIONS_PER_INSTANCE = 3;
    /** Room for what the topology does not say. */
    static final int HEADROOM = 1024;

    /** @param httpHere true when the HTTP view runs in this process (the tracker runs here) */
    static DescriptorBudget of(final Topology t, final FileDescriptors now, final boolean httpHere) {
        int instances = 0;
        for (SatelliteSpec s : t.satellites().values()) {
            instances += s.autoscale() != null ? Math.max(s.instances(), s.autoscale().max()) : s.instances();
        }
        final int http = httpHere && t.tracker().httpEnabled() ? t.tracker().httpMaxConnections() : 0;
        return new DescriptorBudget(now, http, 2 * CONNECTIONS_PER_INSTANCE * instances, instances);
    }

    long needed() {
        return Math.max(0, descriptors.open()) + http + satellites + HEADROOM;
    }

    /** True when the limit is known and below {@link #needed()}. */
    boolean belowNeed() {
        return descriptors.known() && descriptors.max() < needed();
    }

    /** One line for the log: the numbers and where the need comes from. */
    String describe(final String topology) {
        final String parts = descriptors.open() + " open, " + http + " for the HTTP view, " + satellites + " for "
            + instances + " satellite instances, " + HEADROOM + " headroom";
        if (!descriptors.known()) {
            return "orchester " + topology + " : file descriptor limit unknown on this platform; this topology needs"
                + " about " + needed() + " (" + parts + ")";
        }
        if (belowNeed()) {
            return "orchester " + topology + " file descriptors : limit " + descriptors.max() + " (expected: at least "
                + needed() + " for this topology: " + parts + "; raise it with ulimit -n, or LimitNOFILE= under systemd)";
        }
        return "orchester " + topology + " file descriptors: " + descriptors.open() + " open of " + descriptors.max()
            + "; this topology needs about " + needed() + " (" + parts + ")";
    }
}
