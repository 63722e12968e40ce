package io.satbus.tracker.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satbus.tracker.DeadMessage;
import io.satbus.tracker.Failure;
import java.util.List;

/**
 * {@code GET /dead}: the last messages given up, newest first, each with the history of its
 * failed attempts, oldest first.
 *
 * <pre>
 * { "at_ms": 1732291200000,
 *   "dead_letters": [
 *     { "service": "out", "dispatch_id": 4711, "attempts": 2, "at_ms": 1732291199000,
 *       "history": [ { "at_ms": ..., "satellite": "out", "instance": 0, "worker": "00a1b2c3",
 *                      "outcome": "error: write refused" }, ... ] } ] }
 * </pre>
 * Stateless.
 */
final class DeadLettersJson {
    private DeadLettersJson() {
    }

    static ObjectNode of(final List<DeadMessage> oldestFirst, final long atMs, final ObjectMapper json) {
        final ObjectNode root = json.createObjectNode();
        root.put("at_ms", atMs);
        final ArrayNode letters = root.putArray("dead_letters");
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            final DeadMessage d = oldestFirst.get(i);
            final ObjectNode letter = letters.addObject();
            letter.put("service", d.service());
            letter.put("dispatch_id", d.dispatchId());
            letter.put("attempts", d.attempts());
            letter.put("at_ms", d.atMs());
            final ArrayNode history = letter.putArray("history");
            for (final Failure f : d.history()) {
                final ObjectNode attempt = history.addObject();
                attempt.put("at_ms", f.atMs());
                attempt.put("satellite", f.satellite());
                attempt.put("instance", f.instance());
                attempt.put("worker", f.worker());
                attempt.put("outcome", f.outcome());
            }
        }
        return root;
    }
}
