package io.satbus.tracker.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.tracker.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A ready Graphite dashboard for a topology, in the JSON graphite-web's dashboard takes under
 * "Dashboard &gt; Edit Dashboard" (paste, then "Update"): a list of graphs, each the render
 * parameters of one graph with its {@code target} list.
 *
 * <pre>
 * [ { "title": "hello: throughput", "vtitle": "done / s", "yMin": 0,
 *     "target": [ "alias(perSecond(satbus.hello.upper.done.count),'upper')", ... ] },
 *   ... ]
 * </pre>
 *
 * One graph per kind: throughput, latency p50 and p99, in flight, queue depth, workers alive,
 * failures (errors, timeouts, worker lost, dead), and the heap of the orchester's JVM. Each per-satellite
 * graph has one target per satellite that receives work (a source such as a generator is never
 * dispatched to, so it has none of these metrics). Counters are cumulative, so rates go
 * through {@code perSecond}, which also rides over a restart's reset. Stateless.
 */
public final class DashboardGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORCHESTER = "orchester";
    /** Dropwizard's GraphiteReporter sends a counter as {@code <name>.count}, a gauge under its name. */
    private static final String COUNT = ".count";

    private DashboardGenerator() {
    }

    /** The dashboard of {@code topology} as indented JSON. */
    public static String json(final Topology topology) {
        final String t = topology.name();
        final List<String> workers = new ArrayList<>();
        for (final SatelliteSpec s : topology.satellites().values()) {
            if (s.isWorker()) {
                workers.add(s.name());
            }
        }
        final ArrayNode graphs = JSON.createArrayNode();
        graph(graphs, t + ": throughput", "done / s", workers,
            s -> List.of(alias("perSecond(" + counter(t, s, "done") + ")", s)));
        graph(graphs, t + ": latency p50 and p99", "ms", workers, s -> List.of(
            alias(metric(t, s, "latency") + ".p50", s + " p50"),
            alias(metric(t, s, "latency") + ".p99", s + " p99")));
        graph(graphs, t + ": in flight", "messages", workers,
            s -> List.of(alias(metric(t, s, "in_flight"), s)));
        graph(graphs, t + ": queue depth", "messages", workers,
            s -> List.of(alias(metric(t, s, "queue_depth"), s)));
        graph(graphs, t + ": workers alive", "workers", workers,
            s -> List.of(alias(metric(t, s, "workers_alive"), s)));
        graph(graphs, t + ": failures", "per s", workers, s -> List.of(
            alias("perSecond(" + counter(t, s, "errors") + ")", s + " errors"),
            alias("perSecond(" + counter(t, s, "timeouts") + ")", s + " timeouts"),
            alias("perSecond(" + counter(t, s, "worker_lost") + ")", s + " worker lost"),
            alias("perSecond(" + counter(t, s, "dead") + ")", s + " dead")));
        final String heap = MetricNames.jvm(t, ORCHESTER) + ".memory.heap";
        graph(graphs, t + ": orchester heap", "bytes", List.of("used", "committed"),
            what -> List.of(alias(heap + "." + what, "heap " + what)));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(graphs);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("dashboard of " + t + " could not be written as JSON", impossible);
        }
    }

    private static void graph(final ArrayNode graphs, final String title, final String vtitle, final List<String> keys,
                              final Function<String, List<String>> targets) {
        if (keys.isEmpty()) {
            return;
        }
        final ObjectNode graph = graphs.addObject();
        graph.put("title", title);
        graph.put("vtitle", vtitle);
        graph.put("yMin", 0);
        graph.put("lineMode", "connected");
        final ArrayNode target = graph.putArray("target");
        keys.forEach(k -> targets.apply(k).forEach(target::add));
    }

    private static String metric(final String topology, final String satellite, final String metric) {
        return MetricNames.stage(topology, satellite) + '.' + metric;
    }

    private static String counter(final String topology, final String satellite, final String metric) {
        return metric(topology, satellite, metric) + COUNT;
    }

    private static String alias(final String series, final String name) {
        return "alias(" + series + ",'" + name + "')";
    }
}
