package io.satbus.satellites.firehose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satbus.core.RareLog;
import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.SatelliteConfig;
import io.satbus.satellites.api.SatelliteContext;
import io.satbus.satellites.builtin.RecentIds;
import io.satbus.satellites.runtime.Configurable;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a page (a JSON array of GitHub-shaped events) into one {@code application/json}
 * message per event, normalised to {@code {id, type, actor, repo, created_at, payload}}
 * ({@code actor} is the actor's login, {@code repo} the repository's name), and forwards each
 * under a message id derived from the event id ({@link EventIds}), so a page handled twice
 * yields the same messages. Events seen among the last {@code dedup_window} ids of this
 * instance are dropped as repeats.
 *
 * <p>Bad input does not fail the stage: a page that is not JSON, is truncated, is not an array,
 * has another content type or is over {@code max_page_bytes} is acknowledged, counted
 * ({@link #malformedPages()}) and logged at WARN, rarely; so is an array element that is not an
 * event with an id ({@link #malformedEvents()}), while the page's other events go on.
 *
 * <p>Runtime thread only, except the counters.
 */
public final class EventParser implements Satellite, Configurable {
    public static final int DEFAULT_DEDUP_WINDOW = 100_000;
    public static final long DEFAULT_MAX_PAGE_BYTES = 10L << 20;
    static final String CONTENT_TYPE = "application/json";

    private static final Logger LOG = LoggerFactory.getLogger(EventParser.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong repeats = new AtomicLong();
    private final RareLog badPages = new RareLog(LOG);
    private final RareLog badEvents = new RareLog(LOG);
    private RecentIds seen;
    private long maxPageBytes;
    private String label;

    @Override
    public void open(final SatelliteContext context) {
        configure(context);
    }

    @Override
    public void configure(final SatelliteContext context) {
        final SatelliteConfig config = context.config();
        final int window = config.integer("dedup_window", DEFAULT_DEDUP_WINDOW);
        if (window < 1) {
            throw config.invalid("dedup_window", window, "event ids to remember >= 1");
        }
        maxPageBytes = config.bytes("max_page_bytes", DEFAULT_MAX_PAGE_BYTES);
        if (maxPageBytes < 1) {
            throw config.invalid("max_page_bytes", maxPageBytes, "a size > 0");
        }
        if (!context.wiring().wired()) {
            throw new IllegalArgumentException("satellites." + context.name()
                + " : neither send_to nor publish (expected: at least one, for the parsed events)");
        }
        seen = new RecentIds(window);
        label = "satellites." + context.name() + " instance " + context.instance();
    }

    @Override
    public void onMessage(final Envelope page, final Output out) {
        pages.incrementAndGet();
        final JsonNode array = read(page);
        if (array == null) {
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            final ObjectNode event = normalise(array.get(i));
            if (event == null) {
                badEvents.warn("{} : page {} element {} is not an event with an id (expected: an object with"
                    + " \"id\"); skipped", label, describe(page), i);
                continue;
            }
            final String id = event.get("id").asText();
            final long messageId = EventIds.messageId(id);
            if (!seen.add(messageId)) {
                repeats.incrementAndGet();
                continue;
            }
            final byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(event);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("event " + id + " : cannot be written as JSON", e);
            }
            out.forward(new Envelope(messageId, page.topology(), page.origin(), page.instance(), page.attempt(),
                page.createdAtUs(), CONTENT_TYPE, Map.of("event_id", id, "event_type", event.path("type").asText("")),
                bytes));
            events.incrementAndGet();
        }
    }

    /** The page's array, or null when the page is malformed (counted and logged). */
    private JsonNode read(final Envelope page) {
        final String type = page.contentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json") && !(type.startsWith("application/") && type.contains("+json"))) {
            badPages.warn("{} : page {} content type \"{}\" (expected: application/json); dropped", label,
                describe(page), page.contentType());
            return null;
        }
        if (page.payload().length > maxPageBytes) {
            badPages.warn("{} : page {} is {} bytes (expected: at most max_page_bytes {}); dropped", label,
                describe(page), page.payload().length, maxPageBytes);
            return null;
        }
        final JsonNode root;
        try {
            root = JSON.readTree(page.payload());
        } catch (JsonProcessingException e) {
            badPages.warn("{} : page {} is not JSON ({}) (expected: a JSON array of events); dropped", label,
                describe(page), e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            badPages.warn("{} : page {} cannot be read ({}) (expected: a JSON array of events); dropped", label,
                describe(page), e.toString());
            return null;
        }
        if (root == null || !root.isArray()) {
            badPages.warn("{} : page {} is {} (expected: a JSON array of events); dropped", label, describe(page),
                root == null || root.isMissingNode() ? "empty" : "a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT));
            return null;
        }
        return root;
    }

    /** {id, type, actor, repo, created_at, payload} of one event, or null when it has no usable id. */
    static ObjectNode normalise(final JsonNode e) {
        if (e == null || !e.isObject()) {
            return null;
        }
        final JsonNode id = e.get("id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isEmpty()) {
            return null;
        }
        final ObjectNode n = JSON.createObjectNode();
        n.put("id", id.asText());
        n.set("type", e.path("type").isTextual() ? e.get("type") : n.nullNode());
        n.set("actor", name(e.get("actor"), "login"));
        n.set("repo", name(e.get("repo"), "name"));
        n.set("created_at", e.path("created_at").isTextual() ? e.get("created_at") : n.nullNode());
        n.set("payload", e.has("payload") ? e.get("payload") : n.objectNode());
        return n;
    }

    private static JsonNode name(final JsonNode node, final String field) {
        if (node == null || node.isNull()) {
            return JSON.nullNode();
        }
        if (node.isTextual()) {
            return node;
        }
        final JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v : JSON.nullNode();
    }

    private static String describe(final Envelope page) {
        final String url = page.headers().get("url");
        return Long.toUnsignedString(page.id()) + (url == null ? "" : " (" + url + " page " + page.headers().get("page") + ")");
    }

    @Override
    public void close() {
        if (label != null) {
            LOG.info("{} closed: {} pages, {} events forwarded, {} repeats dropped, {} malformed pages, {} malformed events",
                label, pages.get(), events.get(), repeats.get(), badPages.count(), badEvents.count());
        }
    }

    /** Pages received, malformed ones included; any thread. */
    public long pages() {
        return pages.get();
    }

    /** Events forwarded; any thread. */
    public long events() {
        return events.get();
    }

    /** Events dropped because this instance had forwarded them recently; any thread. */
    public long repeats() {
        return repeats.get();
    }

    /** Pages dropped as malformed (not JSON, truncated, not an array, wrong content type, too large); any thread. */
    public long malformedPages() {
        return badPages.count();
    }

    /** Array elements skipped because they were not events with an id; any thread. */
    public long malformedEvents() {
        return badEvents.count();
    }
}
