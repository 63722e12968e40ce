package io.satbus.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.codahale.metrics.MetricRegistry;
import io.satbus.core.tracking.TrackerEventCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the orchester passes on with its status becomes gauges: the run's figures
 * (satbus.TOPOLOGY.run.*) and its security counters (satbus.TOPOLOGY.orchester.forbidden, .refused_keys).
 */
@Timeout(10)
class RunMetricsTest {
    private static final String T = "unit";

    private final ManualClock clock = new ManualClock();
    private final MetricRegistry registry = new MetricRegistry();
    private final TrackerEngine engine = new TrackerEngine(
        TrackerConfig.from(TrackerTopologies.topology(T, 1000, 0, Map.of("svc", new long[] {100, 2}))), registry, clock,
        new Decisions(), 16);

    private long orchesterGauge(final String name) {
        return (Long) registry.getGauges().get("satbus." + T + ".orchester." + name).getValue();
    }

    private long gauge(final String figure) {
        return (Long) registry.getGauges().get("satbus." + T + ".run." + figure).getValue();
    }

    @Test
    void theRunsFiguresBecomeGaugesAtTheFirstRunEventAndFollowTheLatest() throws Exception {
        engine.apply(new TrackerEventCodec().hello(T).drain(), clock.getTick());
        assertFalse(registry.getGauges().keySet().stream().anyMatch(n -> n.startsWith("satbus." + T + ".run.")),
            "no figures before a supervisor reported");

        engine.apply(new TrackerEventCodec().run(1000, 990, 3, 10, 0).drain(), clock.getTick());
        assertEquals(1000, gauge("generated"));
        assertEquals(990, gauge("delivered"));
        assertEquals(3, gauge("duplicates"));
        assertEquals(10, gauge("dead"));
        assertEquals(0, gauge("lost"));

        engine.apply(new TrackerEventCodec().run(1200, 1190, 3, 10, 1).drain(), clock.getTick());
        assertEquals(1190, gauge("delivered"));
        assertEquals(1, gauge("lost"));
    }

    @Test
    void theSecurityCountersAreZeroUntilReportedAndFollowTheLatestReport() throws Exception {
        engine.apply(new TrackerEventCodec().hello(T).drain(), clock.getTick());
        assertEquals(0, orchesterGauge("forbidden"), "present from the start, so a graph of it is never empty");
        assertEquals(0, orchesterGauge("refused_keys"));

        engine.apply(new TrackerEventCodec().security(11, 2).drain(), clock.getTick());
        assertEquals(11, orchesterGauge("forbidden"));
        assertEquals(2, orchesterGauge("refused_keys"));

        engine.apply(new TrackerEventCodec().security(12, 5).drain(), clock.getTick());
        assertEquals(12, orchesterGauge("forbidden"));
        assertEquals(5, orchesterGauge("refused_keys"));
    }
}
