package io.satbus.tracker.http;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metered;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every metric of a registry as one JSON document, the body of {@code GET /metrics}:
 *
 * <pre>
 * {
 *   "at_ms": 1732291200000,
 *   "gauges":     { "satbus.hello.upper.in_flight": { "value": 3 } },
 *   "counters":   { "satbus.hello.upper.done": { "count": 998 } },
 *   "histograms": { name: { "count", "min", "max", "mean", "stddev", "p50", "p75", "p95", "p98", "p99", "p999" } },
 *   "meters":     { name: { "count", "mean_rate_per_s", "m1_rate_per_s", "m5_rate_per_s", "m15_rate_per_s" } },
 *   "timers":     { name: { the meter fields, then "min_ms", "max_ms", "mean_ms", "stddev_ms",
 *                           "p50_ms", "p75_ms", "p95_ms", "p98_ms", "p99_ms", "p999_ms" } }
 * }
 * </pre>
 *
 * Names sort as strings within each kind. A gauge whose reading throws is shown as
 * {@code {"error": "..."}} instead of failing the whole document. Stateless; gauges are read on
 * the calling thread (Dropwizard gauges must be safe to read from any thread).
 */
final class MetricsJson {
    private static final double NANOS_PER_MS = TimeUnit.MILLISECONDS.toNanos(1);

    private MetricsJson() {
    }

    static ObjectNode of(final MetricRegistry registry, final long atMs, final ObjectMapper json) {
        final ObjectNode root = json.createObjectNode();
        root.put("at_ms", atMs);
        final ObjectNode gauges = root.putObject("gauges");
        for (final Map.Entry<String, Gauge<?>> e : gaugesOf(registry).entrySet()) {
            gauges.set(e.getKey(), gauge(e.getValue(), json));
        }
        final ObjectNode counters = root.putObject("counters");
        for (final Map.Entry<String, Counter> e : registry.getCounters().entrySet()) {
            counters.putObject(e.getKey()).put("count", e.getValue().getCount());
        }
        final ObjectNode histograms = root.putObject("histograms");
        for (final Map.Entry<String, Histogram> e : registry.getHistograms().entrySet()) {
            final ObjectNode h = histograms.putObject(e.getKey());
            h.put("count", e.getValue().getCount());
            snapshot(h, e.getValue().getSnapshot(), 1, "");
        }
        final ObjectNode meters = root.putObject("meters");
        for (final Map.Entry<String, Meter> e : registry.getMeters().entrySet()) {
            rates(meters.putObject(e.getKey()), e.getValue());
        }
        final ObjectNode timers = root.putObject("timers");
        for (final Map.Entry<String, Timer> e : registry.getTimers().entrySet()) {
            final ObjectNode t = timers.putObject(e.getKey());
            rates(t, e.getValue());
            snapshot(t, e.getValue().getSnapshot(), NANOS_PER_MS, "_ms");
        }
        return root;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Map<String, Gauge<?>> gaugesOf(final MetricRegistry registry) {
        // Dropwizard's getGauges() returns the raw type; every Gauge is a Gauge<?>.
        final Map raw = registry.getGauges();
        return raw;
    }

    private static JsonNode gauge(final Gauge<?> gauge, final ObjectMapper json) {
        final ObjectNode node = json.createObjectNode();
        try {
            node.set("value", json.valueToTree(gauge.getValue()));
        } catch (RuntimeException ex) {
            node.put("error", ex.toString());
        }
        return node;
    }

    private static void rates(final ObjectNode node, final Metered m) {
        node.put("count", m.getCount());
        node.put("mean_rate_per_s", m.getMeanRate());
        node.put("m1_rate_per_s", m.getOneMinuteRate());
        node.put("m5_rate_per_s", m.getFiveMinuteRate());
        node.put("m15_rate_per_s", m.getFifteenMinuteRate());
    }

    private static void snapshot(final ObjectNode node, final Snapshot s, final double divisor, final String unit) {
        node.put("min" + unit, s.getMin() / divisor);
        node.put("max" + unit, s.getMax() / divisor);
        node.put("mean" + unit, s.getMean() / divisor);
        node.put("stddev" + unit, s.getStdDev() / divisor);
        node.put("p50" + unit, s.getMedian() / divisor);
        node.put("p75" + unit, s.get75thPercentile() / divisor);
        node.put("p95" + unit, s.get95thPercentile() / divisor);
        node.put("p98" + unit, s.get98thPercentile() / divisor);
        node.put("p99" + unit, s.get99thPercentile() / divisor);
        node.put("p999" + unit, s.get999thPercentile() / divisor);
    }
}
