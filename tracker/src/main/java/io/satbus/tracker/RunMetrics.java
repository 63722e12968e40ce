package io.satbus.tracker;

import com.codahale.metrics.MetricRegistry;

/**
 * The run's accounting as gauges, {@code satbus.<topology>.run.generated}, {@code .delivered},
 * {@code .duplicates}, {@code .dead} and {@code .lost}: the figures of the final line of
 * {@code satbus run} and of {@code satbus status}, which the supervisors count from their
 * satellites' reports and hand to the orchester's admin service, and the orchester passes on
 * with its status ({@code RUN} event). Registered at the first such event, so a topology run
 * without a supervisor shows none rather than zeros.
 *
 * <p>Set by the tracker thread; read by any thread through the registry.
 */
final class RunMetrics {
    private final LongGauge generated;
    private final LongGauge delivered;
    private final LongGauge duplicates;
    private final LongGauge dead;
    private final LongGauge lost;

    RunMetrics(final MetricRegistry registry, final String topology) {
        final String r = MetricNames.run(topology);
        generated = StageMetrics.gauge(registry, r + ".generated");
        delivered = StageMetrics.gauge(registry, r + ".delivered");
        duplicates = StageMetrics.gauge(registry, r + ".duplicates");
        dead = StageMetrics.gauge(registry, r + ".dead");
        lost = StageMetrics.gauge(registry, r + ".lost");
    }

    void set(final long generatedCount, final long deliveredCount, final long duplicateCount, final long deadCount,
             final long lostCount) {
        generated.set(generatedCount);
        delivered.set(deliveredCount);
        duplicates.set(duplicateCount);
        dead.set(deadCount);
        lost.set(lostCount);
    }
}
