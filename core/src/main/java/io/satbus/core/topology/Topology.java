package io.satbus.core.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A whole topology: its name, where the orchester listens, the tracker's defaults and the
 * satellites in file order.
 *
 * @param name       topology name, used in metric names and envelope headers
 * @param source     where it was read from (a path or "&lt;string&gt;"), for messages
 * @param orchester  the orchester's endpoints and heartbeat settings
 * @param tracker    deadlines, retries and metrics defaults
 * @param satellites satellites by name, in file order
 * @param supervisor how {@code satbus run} restarts satellite processes
 * @param custody    true (the default): a worker acknowledges a request only once the messages it
 *                   sent while handling it were acknowledged in turn, so the acknowledgement of a
 *                   source's message means its whole pipeline is done; false: when its handler
 *                   returns (hop by hop, the path before custody, kept to measure against)
 * @param security   keys and rights (CURVE on every socket), or null: no security
 */
public record Topology(String name, String source, OrchesterSpec orchester, TrackerSpec tracker,
                       Map<String, SatelliteSpec> satellites, SupervisorSpec supervisor, boolean custody,
                       io.satbus.core.security.SecuritySpec security) {
    public Topology {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(orchester, "orchester");
        Objects.requireNonNull(tracker, "tracker");
        satellites = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(satellites));
        supervisor = supervisor == null ? SupervisorSpec.defaults() : supervisor;
    }

    /** Without security. */
    public Topology(final String name, final String source, final OrchesterSpec orchester, final TrackerSpec tracker,
                    final Map<String, SatelliteSpec> satellites, final SupervisorSpec supervisor, final boolean custody) {
        this(name, source, orchester, tracker, satellites, supervisor, custody, null);
    }

    /** With end-to-end custody. */
    public Topology(final String name, final String source, final OrchesterSpec orchester, final TrackerSpec tracker,
                    final Map<String, SatelliteSpec> satellites, final SupervisorSpec supervisor) {
        this(name, source, orchester, tracker, satellites, supervisor, true);
    }

    /** With the supervisor's defaults. */
    public Topology(final String name, final String source, final OrchesterSpec orchester, final TrackerSpec tracker,
                    final Map<String, SatelliteSpec> satellites) {
        this(name, source, orchester, tracker, satellites, null);
    }

    /** The same topology with {@code t} as its tracker section; everything else kept. */
    public Topology withTracker(final TrackerSpec t) {
        return new Topology(name, source, orchester, t, satellites, supervisor, custody, security);
    }

    /** The same topology with these orchester endpoints and satellites; everything else kept. */
    public Topology with(final OrchesterSpec o, final Map<String, SatelliteSpec> s) {
        return new Topology(name, source, o, tracker, s, supervisor, custody, security);
    }

    /** The same topology with this security section (null: none); everything else kept. */
    public Topology withSecurity(final io.satbus.core.security.SecuritySpec value) {
        return new Topology(name, source, orchester, tracker, satellites, supervisor, custody, value);
    }

    /** The host names satellites are placed on ({@link SatelliteSpec#host()}), in file order. */
    public java.util.Set<String> hosts() {
        final java.util.Set<String> hosts = new java.util.LinkedHashSet<>();
        satellites.values().forEach(s -> {
            if (s.host() != null) {
                hosts.add(s.host());
            }
        });
        return hosts;
    }

    /** The satellite named {@code name}, or an exception naming the known ones. */
    public SatelliteSpec satellite(final String satelliteName) {
        final SatelliteSpec s = satellites.get(satelliteName);
        if (s == null) {
            throw new IllegalArgumentException("satellite : " + satelliteName + " (expected one of: " + satellites.keySet() + ")");
        }
        return s;
    }

    /** The service timeout for {@code satellite}: its own, else the tracker default. */
    public long timeoutMs(final SatelliteSpec satellite) {
        return satellite.timeoutMs() > 0 ? satellite.timeoutMs() : tracker.timeoutMs();
    }

    /** The largest request body {@code satellite}'s service accepts: its own, else the orchester's. */
    public long maxMessageBytes(final SatelliteSpec satellite) {
        final long own = satellite.limits().maxMessageBytes();
        return own != LimitsSpec.INHERIT ? own : orchester.maxMessageBytes();
    }

    /** How long a request for {@code satellite}'s service may wait queued (0: forever): its own, else the tracker's. */
    public long queueTimeoutMs(final SatelliteSpec satellite) {
        final long own = satellite.limits().queueTimeoutMs();
        return own != LimitsSpec.INHERIT ? own : tracker.queueTimeoutMs();
    }

    /** The retry limit for {@code satellite}: its own, else the tracker default. */
    public int maxRetries(final SatelliteSpec satellite) {
        return satellite.maxRetries() >= 0 ? satellite.maxRetries() : tracker.maxRetries();
    }
}
