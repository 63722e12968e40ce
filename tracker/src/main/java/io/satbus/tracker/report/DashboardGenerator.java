package io.satbus.tracker.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.tracker.MetricNames;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A ready graphite-web dashboard for a topology: the state graphite-web 1.1 keeps for a saved
 * dashboard, as its {@code POST /dashboard/save/NAME} takes it (form field {@code state}) and
 * {@code GET /dashboard/load/NAME} gives it back.
 *
 * <pre>
 * { "name": null, "timeConfig": {...}, "refreshConfig": {...}, "graphSize": {...},
 *   "defaultGraphParams": { "from": "-30minutes", "until": "now", ... },
 *   "graphs": [ [ "target=...&amp;target=...",                     the graph's targets, URL-encoded
 *                 { "title": "hello · upper: throughput", "vtitle": "per second",
 *                   "target": [ "alias(perSecond(satbus.hello.upper.done.count),'done')", ... ], ... },
 *                 "/render?..." ],                                  its render URL
 *               ... ] }
 * </pre>
 *
 * The graphs, every title starting with the topology's name (so two topologies' dashboards never
 * mix): the run's accounting and all satellites' throughput first; then per satellite that
 * receives work its throughput, latency percentiles, in flight and queue, failures (errors,
 * timeouts, worker lost, retries, dead, late replies), per satellite that sends its emissions
 * (sent, outstanding, lost), per satellite its instances and restarts; then the orchester (queue,
 * refusals, heap) and the tracker. Counters are cumulative, so rates go through
 * {@code perSecond}, which also rides over a restart's reset. The name is left out of the state
 * (graphite-web shows it "untitled" until saved again under its name): Debian 12's graphite-web
 * 1.1.8-2 stops opening a dashboard whose state has a name ({@code htmlEncode is not defined}),
 * and without one it opens in every 1.1 release. Stateless.
 */
public final class DashboardGenerator {
    /** The dashboard's name in graphite-web: {@value #NAME_PREFIX} and the topology's name. */
    public static final String NAME_PREFIX = "satbus-";
    /** Graph size and time range of a fresh dashboard. */
    static final int DEFAULT_WIDTH = 520;
    static final int DEFAULT_HEIGHT = 300;
    static final int DEFAULT_MINUTES = 30;
    static final int DEFAULT_REFRESH_MS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Dropwizard's GraphiteReporter sends a counter as {@code <name>.count}, a gauge under its name. */
    private static final String COUNT = ".count";

    private DashboardGenerator() {
    }

    /** One graph: its title, the unit of its y axis and its targets (Graphite expressions). */
    public record Graph(String title, String vtitle, List<String> targets) {
        public Graph {
            targets = List.copyOf(targets);
        }
    }

    /** The dashboard's name in graphite-web, {@code satbus-<topology>}. */
    public static String name(final Topology topology) {
        return NAME_PREFIX + topology.name();
    }

    /** The graphs of {@code topology}'s dashboard, in order. */
    public static List<Graph> graphs(final Topology topology) {
        final String t = topology.name();
        final List<Graph> graphs = new ArrayList<>();
        final String run = MetricNames.run(t);
        graphs.add(new Graph(t + " · run: accounting", "messages", List.of(
            alias(run + ".generated", "generated"), alias(run + ".delivered", "delivered"),
            alias(run + ".duplicates", "duplicates"), alias(run + ".dead", "dead"), alias(run + ".lost", "lost"))));
        final List<String> throughput = new ArrayList<>();
        for (final SatelliteSpec s : topology.satellites().values()) {
            if (s.isWorker()) {
                throughput.add(alias(perSecond(counter(t, s.name(), "done")), s.name() + " done"));
            } else {
                throughput.add(alias(perSecond(metric(t, s.name(), "sent")), s.name() + " sent"));
            }
        }
        graphs.add(new Graph(t + " · throughput, every satellite", "messages / s", throughput));
        for (final SatelliteSpec s : topology.satellites().values()) {
            satellite(graphs, t, s);
        }
        final String o = MetricNames.orchester(t);
        graphs.add(new Graph(t + " · orchester: queued, in flight, workers", "messages, workers", List.of(
            alias(o + ".queued", "queued"), alias(o + ".in_flight", "in flight"), alias(o + ".workers", "workers"))));
        graphs.add(new Graph(t + " · orchester: refused and malformed", "since start", List.of(
            alias(o + ".refused", "refused (bytes bound)"), alias(o + ".malformed", "malformed frames"))));
        graphs.add(new Graph(t + " · orchester: forbidden and refused keys", "since start", List.of(
            alias(o + ".forbidden", "forbidden (outside rights)"),
            alias(o + ".refused_keys", "refused keys (not allowed)"))));
        if (topology.orchester().backup() != null) {
            graphs.add(new Graph(t + " · orchester pair: state and failovers", "state (1 passive, 2 active), failovers",
                List.of(alias(o + ".primary.state", "primary state"), alias(o + ".backup.state", "backup state"),
                    alias(o + ".primary.failovers", "primary failovers"), alias(o + ".backup.failovers", "backup failovers"))));
        }
        final String heap = MetricNames.jvm(t, MetricsReporting.DEFAULT_ROLE) + ".memory.heap";
        graphs.add(new Graph(t + " · orchester: heap", "bytes", List.of(
            alias(heap + ".used", "heap used"), alias(heap + ".committed", "heap committed"))));
        final String tr = MetricNames.tracker(t);
        graphs.add(new Graph(t + " · tracker: events and decisions", "per second", List.of(
            alias(perSecond(tr + ".events" + COUNT), "events from the orchester"),
            alias(perSecond(tr + ".decisions" + COUNT), "decisions taken"))));
        graphs.add(new Graph(t + " · tracker: tracked and dead", "messages", List.of(
            alias(tr + ".in_flight", "tracked now"), alias(tr + ".dead" + COUNT, "dead since start"))));
        return graphs;
    }

    private static void satellite(final List<Graph> graphs, final String t, final SatelliteSpec spec) {
        final String s = spec.name();
        final String title = t + " · " + s + ": ";
        if (spec.isWorker()) {
            graphs.add(new Graph(title + "throughput", "per second", List.of(
                alias(perSecond(counter(t, s, "done")), "done"),
                alias(perSecond(counter(t, s, "dispatched")), "dispatched (attempts)"))));
            final String latency = metric(t, s, "latency");
            graphs.add(new Graph(title + "latency", "ms", List.of(
                alias(latency + ".p50", "p50"), alias(latency + ".p95", "p95"), alias(latency + ".p99", "p99"),
                alias(latency + ".p999", "p99.9"))));
            graphs.add(new Graph(title + "in flight and queue", "messages, workers", List.of(
                alias(metric(t, s, "in_flight"), "in flight"), alias(metric(t, s, "queue_depth"), "queued"),
                alias(metric(t, s, "workers_alive"), "workers alive"))));
            graphs.add(new Graph(title + "failures", "per second", List.of(
                alias(perSecond(counter(t, s, "errors")), "errors"),
                alias(perSecond(counter(t, s, "timeouts")), "timeouts"),
                alias(perSecond(counter(t, s, "worker_lost")), "worker lost"),
                alias(perSecond(counter(t, s, "retries")), "retries"),
                alias(perSecond(counter(t, s, "dead")), "dead"),
                alias(perSecond(counter(t, s, "late_replies")), "late replies dropped"))));
        }
        if (spec.sendTo() != null) {
            graphs.add(new Graph(title + "emissions", "messages, per second", List.of(
                alias(perSecond(metric(t, s, "sent")), "sent / s"),
                alias(metric(t, s, "outstanding"), "outstanding (not yet acknowledged)"),
                alias(metric(t, s, "lost"), "lost"))));
        }
        graphs.add(new Graph(title + "instances and restarts", "instances", List.of(
            alias(metric(t, s, "up"), "up"), alias(metric(t, s, "restarts"), "restarts since start"),
            alias(metric(t, s, "flapping"), "held off (flapping)"))));
    }

    /** The dashboard of {@code topology} as indented JSON: the state graphite-web saves. */
    public static String json(final Topology topology) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state(topology));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("dashboard of " + topology.name() + " could not be written as JSON", impossible);
        }
    }

    /** The dashboard of {@code topology} as graphite-web's dashboard state. */
    public static ObjectNode state(final Topology topology) {
        final ObjectNode state = JSON.createObjectNode();
        state.putNull("name");
        final ObjectNode time = state.putObject("timeConfig");
        time.put("type", "relative");
        time.put("relativeStartQuantity", String.valueOf(DEFAULT_MINUTES));
        time.put("relativeStartUnits", "minutes");
        time.put("relativeUntilQuantity", "");
        time.put("relativeUntilUnits", "now");
        final ObjectNode refresh = state.putObject("refreshConfig");
        refresh.put("enabled", true);
        refresh.put("interval", DEFAULT_REFRESH_MS);
        final ObjectNode size = state.putObject("graphSize");
        size.put("width", DEFAULT_WIDTH);
        size.put("height", DEFAULT_HEIGHT);
        final ObjectNode defaults = state.putObject("defaultGraphParams");
        defaults.put("from", "-" + DEFAULT_MINUTES + "minutes");
        defaults.put("until", "now");
        defaults.put("width", DEFAULT_WIDTH);
        defaults.put("height", DEFAULT_HEIGHT);
        final ArrayNode graphs = state.putArray("graphs");
        for (final Graph g : graphs(topology)) {
            final ObjectNode params = JSON.createObjectNode();
            params.put("title", g.title());
            params.put("vtitle", g.vtitle());
            params.put("yMin", 0);
            params.put("lineMode", "connected");
            final ArrayNode targets = params.putArray("target");
            g.targets().forEach(targets::add);
            final String query = targetsQuery(g.targets());
            final ArrayNode graph = graphs.addArray();
            graph.add(query);
            graph.add(params);
            graph.add("/render?" + query + "&title=" + encode(g.title()) + "&vtitle=" + encode(g.vtitle())
                + "&yMin=0&lineMode=connected&from=-" + DEFAULT_MINUTES + "minutes&until=now&width=" + DEFAULT_WIDTH
                + "&height=" + DEFAULT_HEIGHT);
        }
        return state;
    }

    private static String targetsQuery(final List<String> targets) {
        final List<String> parts = new ArrayList<>(targets.size());
        targets.forEach(t -> parts.add("target=" + encode(t)));
        return String.join("&", parts);
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String metric(final String topology, final String satellite, final String metric) {
        return MetricNames.stage(topology, satellite) + '.' + metric;
    }

    private static String counter(final String topology, final String satellite, final String metric) {
        return metric(topology, satellite, metric) + COUNT;
    }

    private static String perSecond(final String series) {
        return "perSecond(" + series + ")";
    }

    private static String alias(final String series, final String name) {
        if (name.indexOf('\'') >= 0) {
            throw new IllegalArgumentException("dashboard alias of " + series + " : \"" + name
                + "\" (expected: no single quote, which ends graphite's quoted name)");
        }
        return "alias(" + series + ",'" + name + "')";
    }
}
