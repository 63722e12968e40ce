package io.satbus.tracker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.tracker.testing.TestTopologies;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The graphite-web dashboard generated from a topology: graphite-web's saved state, with its graphs. */
class DashboardGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PER_WORKER = List.of("throughput", "latency", "in flight and queue", "failures",
        "instances and restarts");

    private static JsonNode state(final String topology) throws Exception {
        return JSON.readTree(DashboardGenerator.json(TestTopologies.topology(topology)));
    }

    private static List<String> titles(final JsonNode state) {
        final List<String> titles = new ArrayList<>();
        state.path("graphs").forEach(g -> titles.add(g.get(1).path("title").asText()));
        return titles;
    }

    private static List<String> targets(final JsonNode state, final String title) {
        for (final JsonNode g : state.path("graphs")) {
            if (g.get(1).path("title").asText().equals(title)) {
                final List<String> targets = new ArrayList<>();
                g.get(1).path("target").forEach(t -> targets.add(t.asText()));
                return targets;
            }
        }
        throw new AssertionError("no graph titled " + title + " in " + titles(state));
    }

    @Test
    void isTheStateGraphiteWebSavesWithEachGraphAsTargetsParamsAndRenderUrl() throws Exception {
        final JsonNode state = state("dash");
        assertTrue(state.path("name").isNull(), "no name in the state: " + state.path("name"));
        assertEquals("-30minutes", state.path("defaultGraphParams").path("from").asText());
        assertEquals("relative", state.path("timeConfig").path("type").asText());
        assertTrue(state.path("refreshConfig").path("enabled").asBoolean());
        assertTrue(state.path("graphs").size() > 10, state.toString());
        for (final JsonNode g : state.path("graphs")) {
            assertEquals(3, g.size(), g.toString());
            final JsonNode params = g.get(1);
            final List<String> targets = new ArrayList<>();
            params.path("target").forEach(t -> targets.add(t.asText()));
            assertFalse(targets.isEmpty(), g.toString());
            assertFalse(params.path("vtitle").asText().isEmpty(), g.toString());
            final List<String> queried = new ArrayList<>();
            for (final String part : g.get(0).asText().split("&")) {
                assertTrue(part.startsWith("target="), part);
                queried.add(URLDecoder.decode(part.substring("target=".length()), StandardCharsets.UTF_8));
            }
            assertEquals(targets, queried, "the record's target query is its target list");
            assertTrue(g.get(2).asText().startsWith("/render?" + g.get(0).asText() + "&title="), g.get(2).asText());
        }
    }

    @Test
    void graphsEveryWorkerAndEverySenderUnderTitlesNamingTheTopology() throws Exception {
        final List<String> titles = titles(state("dash"));
        titles.forEach(t -> assertTrue(t.startsWith("dash · "), t));
        for (final String worker : TestTopologies.WORKERS) {
            for (final String kind : PER_WORKER) {
                assertTrue(titles.contains("dash · " + worker + ": " + kind), worker + " " + kind + " in " + titles);
            }
        }
        assertTrue(titles.contains("dash · gen: emissions"), titles.toString());
        assertTrue(titles.contains("dash · upper: emissions"), "a worker that sends on: " + titles);
        assertFalse(titles.contains("dash · out: emissions"), "out sends nothing: " + titles);
        assertFalse(titles.contains("dash · gen: latency"), "gen is a source, never dispatched to: " + titles);
        for (final String title : List.of("dash · run: accounting", "dash · throughput, every satellite",
            "dash · orchester: queued, in flight, workers", "dash · orchester: heap", "dash · tracker: events and decisions",
            "dash · tracker: tracked and dead")) {
            assertTrue(titles.contains(title), title + " in " + titles);
        }
    }

    @Test
    void targetsUseTheNamesGraphiteReceivesFromDropwizard() throws Exception {
        final JsonNode state = state("dash");
        assertTrue(targets(state, "dash · upper: throughput").contains("alias(perSecond(satbus.dash.upper.done.count),'done')"));
        assertEquals(List.of("alias(satbus.dash.upper.latency.p50,'p50')", "alias(satbus.dash.upper.latency.p95,'p95')",
            "alias(satbus.dash.upper.latency.p99,'p99')", "alias(satbus.dash.upper.latency.p999,'p99.9')"),
            targets(state, "dash · upper: latency"));
        assertTrue(targets(state, "dash · out: in flight and queue").contains("alias(satbus.dash.out.queue_depth,'queued')"));
        assertTrue(targets(state, "dash · audit: failures").containsAll(List.of(
            "alias(perSecond(satbus.dash.audit.errors.count),'errors')",
            "alias(perSecond(satbus.dash.audit.retries.count),'retries')",
            "alias(perSecond(satbus.dash.audit.dead.count),'dead')")));
        assertEquals(List.of("alias(perSecond(satbus.dash.gen.sent),'sent / s')",
            "alias(satbus.dash.gen.outstanding,'outstanding (not yet acknowledged)')", "alias(satbus.dash.gen.lost,'lost')"),
            targets(state, "dash · gen: emissions"));
        assertTrue(targets(state, "dash · run: accounting").contains("alias(satbus.dash.run.lost,'lost')"));
        assertTrue(targets(state, "dash · upper: instances and restarts").contains(
            "alias(satbus.dash.upper.restarts,'restarts since start')"));
        assertTrue(targets(state, "dash · orchester: heap").contains("alias(satbus.dash.orchester.jvm.memory.heap.used,'heap used')"));
    }

    @Test
    void twoTopologiesShareNoTargetAndNoName() throws Exception {
        final Set<String> first = new HashSet<>();
        state("first").path("graphs").forEach(g -> g.get(1).path("target").forEach(t -> first.add(t.asText())));
        state("second").path("graphs").forEach(g -> g.get(1).path("target").forEach(t ->
            assertFalse(first.contains(t.asText()), "shared: " + t)));
        assertFalse(DashboardGenerator.name(TestTopologies.topology("first"))
            .equals(DashboardGenerator.name(TestTopologies.topology("second"))));
        assertEquals("satbus-first", DashboardGenerator.name(TestTopologies.topology("first")));
    }

    @Test
    void coversTheExampleTopology() throws Exception {
        final JsonNode dashboard = JSON.readTree(DashboardGenerator.json(
            TopologyLoader.load(Path.of("..", "topologies", "hello.yaml"))));
        final String all = dashboard.toString();
        assertTrue(all.contains("satbus.hello.upper.done.count"), all);
        assertTrue(all.contains("satbus.hello.out.latency.p99"), all);
    }

    @Test
    void anOrchesterPairHasItsStateAndFailoversGraphedAndASingleOrchesterHasNone() throws Exception {
        final String yaml = """
            name: ha
            orchester: { host: 127.0.0.1, service_port: 6100, pub_port: 6101, sub_port: 6102 %s }
            satellites:
              gen: { type: generator, send_to: out }
              out: { type: sink }
            """;
        final JsonNode pair = JSON.readTree(DashboardGenerator.json(TopologyLoader.parse(yaml.formatted(
            ", backup: { host: 127.0.0.1, service_port: 6110, pub_port: 6111, sub_port: 6112, peer_port: 6113 }"), "ha.yaml")));
        assertEquals(List.of("satbus.ha.orchester.primary.state", "satbus.ha.orchester.backup.state",
                "satbus.ha.orchester.primary.failovers", "satbus.ha.orchester.backup.failovers"),
            targets(pair, "ha · orchester pair: state and failovers").stream().map(DashboardGeneratorTest::inner).toList());
        final JsonNode single = JSON.readTree(DashboardGenerator.json(TopologyLoader.parse(yaml.formatted(""), "ha.yaml")));
        assertFalse(titles(single).contains("ha · orchester pair: state and failovers"), titles(single).toString());
    }

    /** The metric inside an alias(METRIC, "name") target. */
    private static String inner(final String target) {
        final String t = URLDecoder.decode(target, StandardCharsets.UTF_8);
        return t.substring(t.indexOf('(') + 1, t.indexOf(','));
    }
}
