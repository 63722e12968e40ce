package io.satbus.tracker;

import com.codahale.metrics.MetricRegistry;
import io.satbus.core.tracking.SatelliteFigures;
import java.util.HashMap;
import java.util.Map;

/**
 * Each satellite's own figures as gauges, {@code satbus.<topology>.<satellite>.sent},
 * {@code .outstanding}, {@code .lost}, {@code .handled}, {@code .restarts}, {@code .flapping},
 * {@code .up} and {@code .heap_used} ({@link SatelliteFigures}): what the satellite emitted,
 * keeps unacknowledged and gave up, from its supervisor, so that a source, which is never
 * dispatched to, has metrics too. Registered at a satellite's first figures, so a topology run
 * without a supervisor shows none rather than zeros.
 *
 * <p>Set by the tracker thread; read by any thread through the registry.
 */
final class SatelliteMetrics {
    private final MetricRegistry registry;
    private final String topology;
    private final Map<String, LongGauge[]> bySatellite = new HashMap<>();

    SatelliteMetrics(final MetricRegistry registry, final String topology) {
        this.registry = registry;
        this.topology = topology;
    }

    void set(final SatelliteFigures f) {
        final LongGauge[] gauges = bySatellite.computeIfAbsent(f.satellite(), this::register);
        final long[] counts = f.counts();
        for (int i = 0; i < counts.length; i++) {
            gauges[i].set(counts[i]);
        }
    }

    private LongGauge[] register(final String satellite) {
        final String prefix = MetricNames.stage(topology, satellite);
        final LongGauge[] gauges = new LongGauge[SatelliteFigures.COUNTS];
        for (int i = 0; i < gauges.length; i++) {
            gauges[i] = StageMetrics.gauge(registry, prefix + "." + SatelliteFigures.NAMES[i]);
        }
        return gauges;
    }
}
