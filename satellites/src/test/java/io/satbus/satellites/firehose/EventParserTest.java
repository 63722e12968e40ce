package io.satbus.satellites.firehose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.builtin.TestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class EventParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = "{\"id\":\"%s\",\"type\":\"PushEvent\",\"actor\":{\"id\":1,\"login\":\"octo\"},"
        + "\"repo\":{\"id\":2,\"name\":\"octo/hello\"},\"payload\":{\"size\":1},\"public\":true,"
        + "\"created_at\":\"2024-01-01T00:00:00Z\"}";

    private final CapturingOutput out = new CapturingOutput();

    private EventParser open(final Map<String, Object> config) {
        final EventParser p = new EventParser();
        p.open(TestContext.of("parser", "publisher", List.of(), config, Path.of(".")));
        return p;
    }

    private static Envelope page(final String contentType, final String body) {
        return new Envelope(42, "t", "fetcher", 0, 1, 7, contentType, Map.of("url", "http://x/events", "page", "1"),
            body.getBytes(StandardCharsets.UTF_8));
    }

    private static String events(final String... ids) {
        final StringBuilder b = new StringBuilder("[");
        for (String id : ids) {
            b.append(b.length() > 1 ? "," : "").append(String.format(EVENT, id));
        }
        return b.append(']').toString();
    }

    @Test
    void splitsAPageIntoNormalisedEventsUnderIdsDerivedFromTheEventIds() throws Exception {
        final EventParser p = open(Map.of());
        p.onMessage(page("application/json; charset=utf-8", events("101", "102")), out);
        assertEquals(2, out.forwarded.size());
        final Envelope first = out.forwarded.get(0);
        assertEquals(EventIds.messageId("101"), first.id());
        assertEquals("101", first.headers().get("event_id"));
        assertEquals("PushEvent", first.headers().get("event_type"));
        assertEquals(7, first.createdAtUs(), "the page's creation time, so a retried page yields equal messages");
        final JsonNode e = JSON.readTree(first.payload());
        assertEquals(List.of("id", "type", "actor", "repo", "created_at", "payload"), iterable(e.fieldNames()));
        assertEquals("octo", e.get("actor").asText());
        assertEquals("octo/hello", e.get("repo").asText());
        assertEquals(1, e.get("payload").get("size").asInt());
    }

    @Test
    void aRetriedPageYieldsTheSameMessageIdsAndRepeatsAreDroppedWithinTheWindow() {
        final EventParser a = open(Map.of());
        a.onMessage(page("application/json", events("1", "2")), out);
        a.onMessage(page("application/json", events("2", "3")), out);
        assertEquals(List.of(EventIds.messageId("1"), EventIds.messageId("2"), EventIds.messageId("3")),
            out.forwarded.stream().map(Envelope::id).toList());
        assertEquals(1, a.repeats());

        final CapturingOutput other = new CapturingOutput();
        open(Map.of()).onMessage(page("application/json", events("1", "2")), other);
        assertEquals(out.forwarded.subList(0, 2), other.forwarded, "another instance yields equal messages");

        final EventParser small = open(Map.of("dedup_window", 2));
        final CapturingOutput o = new CapturingOutput();
        small.onMessage(page("application/json", events("1", "2", "3", "1")), o);
        assertEquals(4, o.forwarded.size(), "id 1 fell out of a window of 2");
    }

    @Test
    void malformedPagesAreCountedAndDroppedAndTheNextGoodPageStillGoesThrough() {
        final EventParser p = open(Map.of("max_page_bytes", 400));
        p.onMessage(page("application/json", "<html>rate limited</html>"), out);
        p.onMessage(page("application/json", events("1").substring(0, 50)), out);
        p.onMessage(page("text/html", events("1")), out);
        p.onMessage(page("application/json", "{\"message\":\"Not Found\"}"), out);
        p.onMessage(page("application/json", events("1", "2", "3")), out);
        p.onMessage(page("application/json", ""), out);
        assertEquals(6, p.malformedPages());
        assertEquals(0, out.forwarded.size());
        p.onMessage(page("application/json", "[" + String.format(EVENT, "9") + ",42,{\"type\":\"x\"},{\"id\":\"\"}]"), out);
        assertEquals(1, out.forwarded.size());
        assertEquals(3, p.malformedEvents());
        assertEquals(7, p.pages());
        assertEquals(6, p.malformedPages());
    }

    @Test
    void rejectsABadWindowAtOpen() {
        assertEquals("satellites.parser.config.dedup_window : 0 (expected: event ids to remember >= 1)",
            assertThrows(IllegalArgumentException.class, () -> open(Map.of("dedup_window", 0))).getMessage());
    }

    private static List<String> iterable(final java.util.Iterator<String> it) {
        final java.util.List<String> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
