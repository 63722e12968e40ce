package io.satbus.tracker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.tracker.testing.TestTopologies;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The graphite-web dashboard JSON generated from a topology. */
class DashboardGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PER_SATELLITE = List.of("dash: throughput", "dash: latency p50 and p99",
        "dash: in flight", "dash: queue depth", "dash: workers alive", "dash: failures");

    private static JsonNode dashboard() throws Exception {
        return JSON.readTree(DashboardGenerator.json(TestTopologies.topology("dash")));
    }

    private static List<String> targets(final JsonNode graph) {
        final List<String> targets = new ArrayList<>();
        graph.path("target").forEach(t -> targets.add(t.asText()));
        return targets;
    }

    private static JsonNode graph(final JsonNode dashboard, final String title) {
        for (final JsonNode g : dashboard) {
            if (g.path("title").asText().equals(title)) {
                return g;
            }
        }
        throw new AssertionError("no graph titled " + title + " in " + dashboard);
    }

    @Test
    void isAJsonListOfGraphsOnePerKindEachWithATargetList() throws Exception {
        final JsonNode dashboard = dashboard();
        assertTrue(dashboard.isArray(), dashboard.toString());
        final List<String> titles = new ArrayList<>();
        dashboard.forEach(g -> titles.add(g.path("title").asText()));
        final List<String> expected = new ArrayList<>(PER_SATELLITE);
        expected.add("dash: orchester heap");
        assertEquals(expected, titles);
        dashboard.forEach(g -> {
            assertTrue(g.path("target").isArray() && !g.path("target").isEmpty(), g.toString());
            assertFalse(g.path("vtitle").asText().isEmpty(), g.toString());
        });
    }

    @Test
    void namesEverySatelliteThatReceivesWorkInEveryPerSatelliteGraph() throws Exception {
        final JsonNode dashboard = dashboard();
        for (final String title : PER_SATELLITE) {
            final String all = String.join(" ", targets(graph(dashboard, title)));
            for (final String satellite : TestTopologies.WORKERS) {
                assertTrue(all.contains("satbus.dash." + satellite + "."), title + " lacks " + satellite + ": " + all);
            }
            assertFalse(all.contains("satbus.dash.gen."), "gen is a source, never dispatched to: " + all);
        }
    }

    @Test
    void targetsUseTheNamesGraphiteReceivesFromDropwizard() throws Exception {
        final JsonNode dashboard = dashboard();
        assertTrue(targets(graph(dashboard, "dash: throughput"))
            .contains("alias(perSecond(satbus.dash.upper.done.count),'upper')"));
        assertEquals(List.of("alias(satbus.dash.upper.latency.p50,'upper p50')",
                "alias(satbus.dash.upper.latency.p99,'upper p99')"),
            targets(graph(dashboard, "dash: latency p50 and p99")).subList(0, 2));
        assertTrue(targets(graph(dashboard, "dash: in flight")).contains("alias(satbus.dash.out.in_flight,'out')"));
        assertEquals(List.of("alias(perSecond(satbus.dash.audit.errors.count),'audit errors')",
                "alias(perSecond(satbus.dash.audit.timeouts.count),'audit timeouts')",
                "alias(perSecond(satbus.dash.audit.worker_lost.count),'audit worker lost')",
                "alias(perSecond(satbus.dash.audit.dead.count),'audit dead')"),
            targets(graph(dashboard, "dash: failures")).subList(12, 16));
        assertTrue(targets(graph(dashboard, "dash: orchester heap"))
            .contains("alias(satbus.dash.orchester.jvm.memory.heap.used,'heap used')"));
    }

    @Test
    void coversTheExampleTopology() throws Exception {
        final JsonNode dashboard = JSON.readTree(DashboardGenerator.json(
            TopologyLoader.load(Path.of("..", "topologies", "hello.yaml"))));
        final String all = dashboard.toString();
        assertTrue(all.contains("satbus.hello.upper.done.count"), all);
        assertTrue(all.contains("satbus.hello.out.latency.p99"), all);
    }
}
