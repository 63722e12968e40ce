package io.satbus.tracker.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TrackerSpec;

/**
 * A topology as JSON, the body of {@code GET /topology}: its endpoints and defaults, the
 * satellites in file order with their effective deadline and retry limit, and the wiring as
 * edges:
 *
 * <pre>
 * "wiring": [
 *   { "from": "gen",       "to": "upper", "via": "send_to", "service": "upper" },
 *   { "from": "publisher", "to": "audit", "via": "topic",   "topic": "events" },
 *   { "from": "orchester", "to": "audit", "via": "topic",   "topic": "satbus.dead" }
 * ]
 * </pre>
 *
 * A topic edge joins a publisher to each subscriber whose prefix the topic starts with
 * (ZeroMQ prefix matching); the orchester publishes dead letters. Satellite {@code config} is
 * left out: it may hold credentials. Stateless.
 */
final class TopologyJson {
    static final String ORCHESTER = "orchester";

    private TopologyJson() {
    }

    static ObjectNode of(final Topology topology, final ObjectMapper json) {
        final ObjectNode root = json.createObjectNode();
        root.put("name", topology.name());
        root.put("source", topology.source());
        orchester(root.putObject("orchester"), topology.orchester());
        tracker(root.putObject("tracker"), topology.tracker());
        final ArrayNode satellites = root.putArray("satellites");
        topology.satellites().values().forEach(s -> satellite(satellites.addObject(), s, topology));
        wiring(root.putArray("wiring"), topology);
        return root;
    }

    private static void orchester(final ObjectNode node, final OrchesterSpec o) {
        node.put("host", o.host());
        node.put("service_port", o.servicePort());
        node.put("pub_port", o.pubPort());
        node.put("sub_port", o.subPort());
        node.put("heartbeat_interval_ms", o.heartbeatIntervalMs());
        node.put("heartbeat_liveness", o.heartbeatLiveness());
        node.put("max_message_bytes", o.maxMessageBytes());
    }

    private static void tracker(final ObjectNode node, final TrackerSpec t) {
        node.put("timeout_ms", t.timeoutMs());
        node.put("max_retries", t.maxRetries());
        node.put("retry_backoff_ms", t.retryBackoffMs());
        node.put("dead_letter_topic", t.deadLetterTopic());
        final ObjectNode metrics = node.putObject("metrics");
        if (t.graphiteEnabled()) {
            metrics.put("graphite", t.graphiteHost() + ':' + t.graphitePort());
        } else {
            metrics.putNull("graphite");
        }
        metrics.put("interval_ms", t.metricsIntervalMs());
    }

    private static void satellite(final ObjectNode node, final SatelliteSpec s, final Topology topology) {
        node.put("name", s.name());
        node.put("type", s.type());
        node.put("class", s.className());
        if (s.isCommand()) {
            s.command().argv().forEach(node.putArray("command")::add);
        }
        node.put("instances", s.instances());
        node.put("service", s.service());
        node.put("send_to", s.sendTo());
        s.publish().forEach(node.putArray("publish")::add);
        s.subscribe().forEach(node.putArray("subscribe")::add);
        node.put("credit", s.credit());
        if (s.isWorker()) {
            node.put("timeout_ms", topology.timeoutMs(s));
            node.put("max_retries", topology.maxRetries(s));
        }
    }

    private static void wiring(final ArrayNode edges, final Topology topology) {
        for (final SatelliteSpec from : topology.satellites().values()) {
            if (from.sendTo() != null) {
                for (final SatelliteSpec to : topology.satellites().values()) {
                    if (from.sendTo().equals(to.service())) {
                        edges.addObject().put("from", from.name()).put("to", to.name()).put("via", "send_to")
                            .put("service", to.service());
                    }
                }
            }
            for (final String topic : from.publish()) {
                topicEdges(edges, from.name(), topic, topology);
            }
        }
        topicEdges(edges, ORCHESTER, topology.tracker().deadLetterTopic(), topology);
    }

    private static void topicEdges(final ArrayNode edges, final String from, final String topic, final Topology topology) {
        for (final SatelliteSpec to : topology.satellites().values()) {
            if (to.subscribe().stream().anyMatch(topic::startsWith)) {
                edges.addObject().put("from", from).put("to", to.name()).put("via", "topic").put("topic", topic);
            }
        }
    }
}
