package io.satbus.tracker;

import io.satbus.core.security.SecuritySpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TrackerSpec;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the tracker needs, taken once from a {@link Topology} and validated here.
 * Immutable and thread-safe.
 *
 * <p>Per service: {@link Topology#timeoutMs(SatelliteSpec)} and {@link Topology#maxRetries(SatelliteSpec)}
 * of the satellites that serve it (the largest when several do, as the orchester does), the
 * tracker's {@code retry_backoff}, and for metric names the first such satellite's name. A
 * service not in the topology (a plain MDP worker) gets the tracker defaults and its own name.
 */
public final class TrackerConfig {
    /** Dead messages kept, with their history, for status. */
    public static final int DEFAULT_RECENT_DEAD = 100;
    /** Deadline wheel resolution: 2^20 ns, about 1 ms; deadlines fire at most one tick late. */
    public static final long DEFAULT_TICK_NANOS = 1L << 20;
    /** Deadline wheel size: 8192 ticks of about 1 ms, one revolution about 8.6 s. */
    public static final int DEFAULT_TICKS_PER_WHEEL = 8192;
    /** Records allocated up front; the table doubles when full. */
    public static final int DEFAULT_INITIAL_CAPACITY = 4096;
    /** Most deadlines fired in one round of the loop, so that events are never starved. */
    public static final int DEFAULT_DEADLINES_PER_ROUND = 4096;

    private final String topologyName;
    private final Map<String, ServicePolicy> byService;
    private final long defaultTimeoutMs;
    private final int defaultMaxRetries;
    private final long retryBackoffMs;
    private final int recentDead;
    /** Keys (the link over TCP speaks CURVE with the orchester's key), or null: no security. */
    private final SecuritySpec security;

    private TrackerConfig(final String topologyName, final Map<String, ServicePolicy> byService,
                          final long defaultTimeoutMs, final int defaultMaxRetries, final long retryBackoffMs,
                          final int recentDead, final SecuritySpec security) {
        this.topologyName = topologyName;
        this.security = security;
        this.byService = Map.copyOf(byService);
        this.defaultTimeoutMs = defaultTimeoutMs;
        this.defaultMaxRetries = defaultMaxRetries;
        this.retryBackoffMs = retryBackoffMs;
        this.recentDead = recentDead;
        if (topologyName == null || topologyName.isEmpty()) {
            throw new IllegalArgumentException("topology name : \"" + topologyName + "\" (expected: non-empty)");
        }
        if (recentDead < 0) {
            throw new IllegalArgumentException("recent dead : " + recentDead + " (expected: >= 0)");
        }
        policy("(default)");
    }

    /** The configuration of {@code topology}'s tracker; throws IllegalArgumentException naming a bad value. */
    public static TrackerConfig from(final Topology topology) {
        Objects.requireNonNull(topology, "topology");
        final TrackerSpec t = topology.tracker();
        final Map<String, ServicePolicy> services = new TreeMap<>();
        for (final SatelliteSpec s : topology.satellites().values()) {
            if (s.isWorker()) {
                final ServicePolicy mine = new ServicePolicy(s.name(), topology.timeoutMs(s), topology.maxRetries(s),
                    t.retryBackoffMs());
                services.merge(s.service(), mine, (a, b) -> new ServicePolicy(a.metricName(),
                    Math.max(a.timeoutMs(), b.timeoutMs()), Math.max(a.maxRetries(), b.maxRetries()),
                    a.retryBackoffMs()));
            }
        }
        return new TrackerConfig(topology.name(), services, t.timeoutMs(), t.maxRetries(), t.retryBackoffMs(),
            DEFAULT_RECENT_DEAD, topology.security());
    }

    /** A copy that keeps the last {@code n} dead messages for status. */
    public TrackerConfig withRecentDead(final int n) {
        return new TrackerConfig(topologyName, byService, defaultTimeoutMs, defaultMaxRetries, retryBackoffMs, n,
            security);
    }

    /** Keys and rights, or null: no security. */
    public SecuritySpec security() {
        return security;
    }

    public String topologyName() {
        return topologyName;
    }

    /** The policy of {@code service}: from the topology, else the tracker defaults under its own name. */
    public ServicePolicy policy(final String service) {
        final ServicePolicy p = byService.get(service);
        return p != null ? p : new ServicePolicy(service, defaultTimeoutMs, defaultMaxRetries, retryBackoffMs);
    }

    public int recentDead() {
        return recentDead;
    }

    @Override
    public String toString() {
        return "TrackerConfig[topology=" + topologyName + ", services=" + byService + ", default timeout="
            + defaultTimeoutMs + "ms, max_retries=" + defaultMaxRetries + ", retry_backoff=" + retryBackoffMs
            + "ms, recentDead=" + recentDead + "]";
    }
}
