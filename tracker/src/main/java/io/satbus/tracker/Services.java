package io.satbus.tracker;

import com.codahale.metrics.Clock;
import com.codahale.metrics.MetricRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The services the tracker has seen, by a small int index that dispatch records carry instead
 * of a name: their policy in nanoseconds, their metrics ({@code satbus.<topology>.<satellite>.*})
 * and their {@code queue_depth}, {@code workers_alive} and {@code queued_bytes} gauges. Owned by the tracker thread.
 * NOT thread safe (the metrics it hands out are read by any thread).
 */
final class Services {
    /** One service. */
    static final class Entry {
        final String name;
        final ServicePolicy policy;
        final long timeoutNanos;
        final long backoffNanos;
        final StageMetrics metrics;
        final LongGauge queueDepth;
        final LongGauge workersAlive;
        /** Bytes of its requests the orchester holds, from its status. */
        final LongGauge queuedBytes;

        Entry(final String name, final ServicePolicy policy, final StageMetrics metrics, final LongGauge queueDepth,
              final LongGauge workersAlive, final LongGauge queuedBytes) {
            this.name = name;
            this.policy = policy;
            this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(policy.timeoutMs());
            this.backoffNanos = TimeUnit.MILLISECONDS.toNanos(policy.retryBackoffMs());
            this.metrics = metrics;
            this.queueDepth = queueDepth;
            this.workersAlive = workersAlive;
            this.queuedBytes = queuedBytes;
        }
    }

    private final TrackerConfig config;
    private final MetricRegistry registry;
    private final Clock clock;
    private final Map<String, Integer> byName = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();

    Services(final TrackerConfig config, final MetricRegistry registry, final Clock clock) {
        this.config = config;
        this.registry = registry;
        this.clock = clock;
    }

    /** The index of {@code service}, registering it (and its metrics) on first sight. */
    int indexOf(final String service) {
        final Integer known = byName.get(service);
        if (known != null) {
            return known;
        }
        final ServicePolicy policy = config.policy(service);
        final String prefix = MetricNames.busService(service) ? MetricNames.busService(config.topologyName(), service)
            : MetricNames.stage(config.topologyName(), policy.metricName());
        final Entry e = new Entry(service, policy, new StageMetrics(registry, prefix, clock, false),
            StageMetrics.gauge(registry, prefix + ".queue_depth"), StageMetrics.gauge(registry, prefix + ".workers_alive"),
            StageMetrics.gauge(registry, prefix + ".queued_bytes"));
        entries.add(e);
        byName.put(service, entries.size() - 1);
        return entries.size() - 1;
    }

    Entry get(final int index) {
        return entries.get(index);
    }

    /** Forgets queue depths and live workers (a new orchester), keeping the cumulative counters. */
    void reset() {
        for (final Entry e : entries) {
            e.queueDepth.set(0);
            e.queuedBytes.set(0);
            e.workersAlive.set(0);
            e.metrics.inFlight.set(0);
        }
    }
}
