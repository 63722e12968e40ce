package io.satbus.tracker.testing;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.satbus.tracker.MetricNames;
import java.util.concurrent.TimeUnit;

/**
 * Fills a registry with the names the tracker uses (docs/metrics.md), with known values:
 * for satellite number n (1-based among {@link TestTopologies#WORKERS}) dispatched = 10 n,
 * done = 9 n, errors = n, timeouts = 1, worker_lost = 0, retries = 2, dead = 0, duplicates = 0,
 * progress = 0, in_flight = n, queue_depth = 2 n, workers_alive = its instances; latency has
 * 100 samples of 5 n ms. Instance 0 of upper has done = 4; the orchester's malformed gauge is 3
 * and the tracker's events counter 7.
 */
public final class SampleMetrics {
    private SampleMetrics() {
    }

    public static MetricRegistry registry(final String topology) {
        final MetricRegistry r = new MetricRegistry();
        int i = 0;
        for (final String s : TestTopologies.WORKERS) {
            final int n = ++i;
            final String stage = MetricNames.stage(topology, s);
            r.counter(stage + ".dispatched").inc(10L * n);
            r.counter(stage + ".done").inc(9L * n);
            r.counter(stage + ".errors").inc(n);
            r.counter(stage + ".timeouts").inc(1);
            r.counter(stage + ".worker_lost");
            r.counter(stage + ".retries").inc(2);
            r.counter(stage + ".dead");
            r.counter(stage + ".late_replies");
            r.counter(stage + ".progress");
            r.register(stage + ".in_flight", (Gauge<Long>) () -> (long) n);
            r.register(stage + ".queue_depth", (Gauge<Long>) () -> 2L * n);
            r.register(stage + ".workers_alive", (Gauge<Long>) () -> "upper".equals(s) ? 2L : 1L);
            for (int k = 0; k < 100; k++) {
                r.timer(stage + ".latency").update(5L * n, TimeUnit.MILLISECONDS);
            }
        }
        r.counter(MetricNames.instance(topology, "upper", 0) + ".done").inc(4);
        r.register(MetricNames.orchester(topology) + ".malformed", (Gauge<Long>) () -> 3L);
        r.counter(MetricNames.tracker(topology) + ".events").inc(7);
        return r;
    }
}
