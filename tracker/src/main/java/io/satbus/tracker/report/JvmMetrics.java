package io.satbus.tracker.report;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jvm.CachedThreadStatesGaugeSet;
import com.codahale.metrics.jvm.GarbageCollectorMetricSet;
import com.codahale.metrics.jvm.MemoryUsageGaugeSet;
import io.satbus.core.FileDescriptors;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * The JVM basics from metrics-jvm under one prefix ({@code satbus.<topology>.<role>.jvm}):
 * {@code memory.*} (heap, non-heap, pools), {@code gc.<collector>.count|time},
 * {@code threads.*} (count, daemon, per state; cached, since reading them walks every thread),
 * {@code fd.open} and {@code fd.max} (the process's file descriptors, -1 where not told) and
 * {@code uptime_ms}. Stateless: the registry holds the gauges, which are thread-safe.
 */
final class JvmMetrics {
    private JvmMetrics() {
    }

    /**
     * Registers the JVM gauges under {@code prefix}.
     *
     * @param threadStatesCacheMs how long a reading of the thread states is reused
     * @throws IllegalArgumentException when a metric under {@code prefix} already exists
     */
    static void register(final MetricRegistry registry, final String prefix, final long threadStatesCacheMs) {
        final String taken = registry.getNames().stream().filter(n -> n.startsWith(prefix + ".")).findFirst()
            .orElse(null);
        if (taken != null) {
            throw new IllegalArgumentException("jvm metrics : " + taken + " already in the registry (expected: nothing"
                + " under " + prefix + ", one MetricsReporting per role and registry)");
        }
        registry.register(prefix + ".memory", new MemoryUsageGaugeSet());
        registry.register(prefix + ".gc", new GarbageCollectorMetricSet());
        registry.register(prefix + ".threads", new CachedThreadStatesGaugeSet(threadStatesCacheMs,
            TimeUnit.MILLISECONDS));
        registry.register(prefix + ".fd.open", (Gauge<Long>) () -> FileDescriptors.now().open());
        registry.register(prefix + ".fd.max", (Gauge<Long>) () -> FileDescriptors.now().max());
        registry.register(prefix + ".uptime_ms", (Gauge<Long>) () -> ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /** Removes everything under {@code prefix}. */
    static void remove(final MetricRegistry registry, final String prefix) {
        registry.removeMatching(MetricFilter.startsWith(prefix + "."));
    }
}
