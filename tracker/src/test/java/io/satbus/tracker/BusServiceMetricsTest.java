package io.satbus.tracker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A supervisor's control service is the bus's own: its metrics are the orchester's, not a satellite's. */
@Timeout(10)
class BusServiceMetricsTest {
    private static final String T = "gr";

    @Test
    void aSupervisorsControlServiceReportsUnderTheOrchesterNotAmongTheSatellites() {
        final ManualClock clock = new ManualClock();
        final MetricRegistry registry = new MetricRegistry();
        final TrackerEngine engine = new TrackerEngine(
            TrackerConfig.from(TrackerTopologies.topology(T, 1000, 0, Map.of("svc", new long[] {100, 2}))), registry, clock,
            new Decisions(), 16);
        engine.onWorkerUp(1, "00aa", "satbus.supervisor.main", "supervisor-main", 0);
        engine.onWorkerUp(2, "00bb", "svc", "svc", 0);
        final Set<String> names = registry.getNames();
        assertTrue(names.stream().noneMatch(n -> n.startsWith("satbus." + T + ".satbus.")), "as a satellite: " + names);
        assertTrue(names.stream().noneMatch(n -> n.startsWith("satbus." + T + ".supervisor-main.")), "as an instance: " + names);
        assertTrue(names.contains("satbus." + T + ".orchester.service.supervisor.main.workers_alive"), names.toString());
        assertTrue(names.contains("satbus." + T + ".svc.workers_alive"), "a satellite's own stay: " + names);
    }

    @Test
    void aSatellitesOwnFiguresBecomeGaugesUnderItsName() {
        final MetricRegistry registry = new MetricRegistry();
        final TrackerEngine engine = new TrackerEngine(
            TrackerConfig.from(TrackerTopologies.topology(T, 1000, 0, Map.of("svc", new long[] {100, 2}))), registry,
            new ManualClock(), new Decisions(), 16);
        assertTrue(registry.getNames().stream().noneMatch(n -> n.startsWith("satbus." + T + ".gen.")), "none before");
        engine.onSatellite(new io.satbus.core.tracking.SatelliteFigures("gen", 1000, 3, 1, 0, 2, 0, 1, 7));
        final String[] names = {"sent", "outstanding", "lost", "handled", "restarts", "flapping", "up", "heap_used"};
        final long[] values = {1000, 3, 1, 0, 2, 0, 1, 7};
        for (int i = 0; i < names.length; i++) {
            assertTrue(Long.valueOf(values[i]).equals(registry.getGauges().get("satbus." + T + ".gen." + names[i]).getValue()),
                names[i]);
        }
    }
}
