package io.satbus.tracker.testing;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.satbus.tracker.report.MetricNames;
import java.util.concurrent.TimeUnit;

/**
 * Fills a registry the way the tracker does, with known values: for satellite number i (1-based
 * among {@link TestTopologies#WORKERS}) dispatched = 10 i, done = 9 i, errors = i, timeouts = 1,
 * retries = 2, dead = 0, duplicates = 0, in_flight = i, queue_depth = 2 i, workers_alive = its
 * instances; latency has 100 samples of 5 i ms. Instance 0 of upper has done = 4; orchester and
 * tracker have a counter each.
 */
public final class SampleMetrics {
    private SampleMetrics() {
    }

    public static MetricRegistry registry(final String topology) {
        final MetricRegistry r = new MetricRegistry();
        int i = 0;
        for (final String s : TestTopologies.WORKERS) {
            final int n = ++i;
            r.counter(MetricNames.satellite(topology, s, MetricNames.DISPATCHED)).inc(10L * n);
            r.counter(MetricNames.satellite(topology, s, MetricNames.DONE)).inc(9L * n);
            r.counter(MetricNames.satellite(topology, s, MetricNames.ERRORS)).inc(n);
            r.counter(MetricNames.satellite(topology, s, MetricNames.TIMEOUTS)).inc(1);
            r.counter(MetricNames.satellite(topology, s, MetricNames.RETRIES)).inc(2);
            r.counter(MetricNames.satellite(topology, s, MetricNames.DEAD));
            r.counter(MetricNames.satellite(topology, s, MetricNames.DUPLICATES));
            r.register(MetricNames.satellite(topology, s, MetricNames.IN_FLIGHT), (Gauge<Integer>) () -> n);
            r.register(MetricNames.satellite(topology, s, MetricNames.QUEUE_DEPTH), (Gauge<Integer>) () -> 2 * n);
            r.register(MetricNames.satellite(topology, s, MetricNames.WORKERS_ALIVE),
                (Gauge<Integer>) () -> "upper".equals(s) ? 2 : 1);
            for (int k = 0; k < 100; k++) {
                r.timer(MetricNames.satellite(topology, s, MetricNames.LATENCY)).update(5L * n, TimeUnit.MILLISECONDS);
            }
        }
        r.counter(MetricNames.instance(topology, "upper", "0", MetricNames.DONE)).inc(4);
        r.counter(MetricNames.role(topology, MetricNames.ORCHESTER) + ".malformed").inc(3);
        r.counter(MetricNames.role(topology, MetricNames.TRACKER) + ".tracked").inc(7);
        return r;
    }
}
