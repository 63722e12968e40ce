package io.satbus.tracker.http;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.satbus.core.Liveness;
import io.satbus.core.topology.Topology;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code GET /health}: 200 with {@code "status": "ok"} while every loop the
 * server watches turns, else 503 with {@code "status": "down"}, so that a probe that only looks
 * at the status code (a load balancer, Kubernetes, a supervisor's script) sees a wedged
 * orchester as unhealthy even though this server, on its own thread, still answers.
 *
 * <pre>
 * {
 *   "status": "down",
 *   "topology": "hello",
 *   "uptime_ms": 73012,
 *   "metrics": 118,
 *   "orchester_loop": { "alive": false, "last_turn_ms_ago": 12031, "stall_bound_ms": 10000,
 *                       "reason": "has not turned for 12031 ms" },
 *   ...the server's health details ("graphite": {...})
 * }
 * </pre>
 * {@code reason} is only there when the loop is not alive. Stateless.
 */
final class HealthJson {
    private HealthJson() {
    }

    static FullHttpResponse response(final Topology topology, final MetricRegistry metrics, final long nowMs,
                                     final long startedAtMs, final List<Liveness> loops,
                                     final Map<String, ?> details) {
        final ObjectNode health = JsonResponses.JSON.createObjectNode();
        health.put("status", "ok");
        health.put("topology", topology.name());
        health.put("uptime_ms", nowMs - startedAtMs);
        health.put("metrics", metrics.getNames().size());
        boolean up = true;
        for (Liveness l : loops) {
            final boolean alive = l.alive(nowMs);
            up &= alive;
            final ObjectNode loop = health.putObject(l.name());
            loop.put("alive", alive);
            loop.put("last_turn_ms_ago", nowMs - l.lastTurnMs());
            loop.put("stall_bound_ms", l.stallBoundMs());
            if (!alive) {
                loop.put("reason", l.death() != null ? l.death() : "has not turned for " + (nowMs - l.lastTurnMs()) + " ms");
            }
        }
        details.forEach((k, v) -> health.set(k, JsonResponses.JSON.valueToTree(v)));
        if (up) {
            return JsonResponses.ok(health);
        }
        health.put("status", "down");
        return JsonResponses.of(HttpResponseStatus.SERVICE_UNAVAILABLE, health);
    }
}
