package io.satbus.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.codahale.metrics.MetricRegistry;
import io.satbus.core.tracking.TrackerEventCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The run's figures the orchester passes on become the gauges satbus.TOPOLOGY.run.*. */
@Timeout(10)
class RunMetricsTest {
    private static final String T = "unit";

    private final ManualClock clock = new ManualClock();
    private final MetricRegistry registry = new MetricRegistry();
    private final TrackerEngine engine = new TrackerEngine(
        TrackerConfig.from(TrackerTopologies.topology(T, 1000, 0, Map.of("svc", new long[] {100, 2}))), registry, clock,
        new Decisions(), 16);

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
}
