package io.satbus.tracker.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.satbus.testing.CarbonCache;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.tracker.testing.SampleMetrics;
import io.satbus.tracker.testing.TestTopologies;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reporting into a real carbon-cache every second, then reading the whisper files back: the
 * satbus metric paths exist and hold the values the registry had. Fails (never skips) when
 * carbon-cache or whisper-fetch is not installed.
 */
@Timeout(180)
class GraphiteCarbonIT {
    private static final String T = "carbonit";
    private static final long INTERVAL_MS = 1000;
    private static final long WAIT_MS = 90_000;

    @TempDir
    Path dir;

    @Test
    void carbonStoresEverySatbusMetricWithTheValueReported() throws Exception {
        try (CarbonCache carbon = CarbonCache.start(dir)) {
            final MetricRegistry registry = SampleMetrics.registry(T);
            try (MetricsReporting reporting = MetricsReporting.forRegistry(registry).httpPort(0)
                .start(TestTopologies.topology(T, Ports.HOST, carbon.linePort(), INTERVAL_MS))) {
                awaitStored(carbon, "satbus.carbonit.upper.done.count", 9, reporting);
                awaitStored(carbon, "satbus.carbonit.upper.0.done.count", 4, reporting);
                awaitStored(carbon, "satbus.carbonit.audit.dispatched.count", 40, reporting);
                awaitStored(carbon, "satbus.carbonit.out.in_flight", 2, reporting);
                awaitStored(carbon, "satbus.carbonit.publisher.workers_alive", 1, reporting);
                awaitStored(carbon, "satbus.carbonit.out.latency.p99", 10.0, reporting);
                awaitStored(carbon, "satbus.carbonit.out.latency.count", 100, reporting);
                awaitStored(carbon, "satbus.carbonit.orchester.malformed", 3, reporting);
                awaitStored(carbon, "satbus.carbonit.tracker.events.count", 7, reporting);
                awaitStored(carbon, "satbus.carbonit.orchester.jvm.uptime_ms", -1, reporting);
                awaitStored(carbon, "satbus.carbonit.orchester.jvm.memory.heap.used", -1, reporting);
                final double heap = carbon.lastValue("satbus.carbonit.orchester.jvm.memory.heap.used").orElse(0);
                assertTrue(heap > 0, "heap used " + heap);

                registry.counter("satbus.carbonit.upper.done").inc(5);
                awaitStored(carbon, "satbus.carbonit.upper.done.count", 14, reporting);
            }
        }
    }

    /**
     * Waits until carbon stored {@code expected} for {@code path} (-1: any value): carbon writes
     * its cache to whisper files one metric at a time, so one stored value says nothing of the others.
     */
    private static void awaitStored(final CarbonCache carbon, final String path, final double expected,
                                    final MetricsReporting reporting) {
        Eventually.waitUntil(path + " = " + expected + " in " + carbon.whisperFile(path), WAIT_MS, () -> {
            final OptionalDouble v = carbon.lastValue(path);
            return v.isPresent() && (expected < 0 || v.getAsDouble() == expected);
        }, () -> "last stored " + carbon.lastValue(path) + ", " + reporting.graphite() + "; " + carbon.log());
    }
}
