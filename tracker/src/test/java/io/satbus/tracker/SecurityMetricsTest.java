package io.satbus.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.codahale.metrics.MetricRegistry;
import io.satbus.core.tracking.TrackerEventCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The orchester's security counters become the gauges satbus.TOPOLOGY.orchester.forbidden and .refused_keys. */
@Timeout(10)
class SecurityMetricsTest {
    private static final String T = "unit";

    private final ManualClock clock = new ManualClock();
    private final MetricRegistry registry = new MetricRegistry();
    private final TrackerEngine engine = new TrackerEngine(
        TrackerConfig.from(TrackerTopologies.topology(T, 1000, 0, Map.of("svc", new long[] {100, 2}))), registry, clock,
        new Decisions(), 16);

    private long gauge(final String name) {
        return (Long) registry.getGauges().get("satbus." + T + ".orchester." + name).getValue();
    }

    @Test
    void theCountersAreZeroUntilReportedAndFollowTheLatestReport() throws Exception {
        engine.apply(new TrackerEventCodec().hello(T).drain(), clock.getTick());
        assertEquals(0, gauge("forbidden"), "present from the start, so a graph of it is never empty");
        assertEquals(0, gauge("refused_keys"));

        engine.apply(new TrackerEventCodec().security(11, 2).drain(), clock.getTick());
        assertEquals(11, gauge("forbidden"));
        assertEquals(2, gauge("refused_keys"));

        engine.apply(new TrackerEventCodec().security(12, 5).drain(), clock.getTick());
        assertEquals(12, gauge("forbidden"));
        assertEquals(5, gauge("refused_keys"));
    }
}
