package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.satbus.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page at the HTTP view's {@code /}, as a person sees it: a real {@code satbus run}
 * keeps a flow going while a real headless Chromium shows the page, and the test reads the
 * rendered document (after the page's own scripts drew it), not the HTML sent. Every satellite is
 * drawn with a rate that moves, the wires carry theirs, and dead letters the test causes (a sink
 * that refuses writes once told to, with {@code max_retries: 1}) appear with the history of their
 * attempts. It writes docs/images/live-page.png, the screenshot docs/metrics.md shows.
 */
class LivePageIT {
    private static final int FAILING = 2;
    /** Every satellite node of the drawing: its name, its rate (null until known), its total and its drawn width. */
    private static final String NODES = "[...document.querySelectorAll('#graph g.node[data-satellite]')].map(g => {"
        + " const r = g.querySelector('text.rate');"
        + " return { name: g.dataset.satellite, rate: r ? r.textContent : null,"
        + " value: r && r.getAttribute('data-value') !== '' ? Number(r.getAttribute('data-value')) : null,"
        + " total: r ? Number(r.getAttribute('data-total')) : null, width: g.getBBox().width }; })";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void drawsEverySatelliteWithAMovingRateAndShowsDeadLettersWithTheirHistory() throws Exception {
        DeadLetterBurstIT.jarOf(FlakySink.class, dir.resolve("flaky.jar"));
        final int http = Ports.freePorts(1)[0];
        final String yaml = "name: live-page\n" + TestTopologies.orchesterOnFreePorts()
            + "tracker: { " + TestTopologies.TIMEOUT_SLACK + ", metrics: { http: \"127.0.0.1:" + http + "\" } }\n"
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: 0, rate: 40, payload: msg } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
            + "  out:   { class: " + FlakySink.class.getName() + ", classpath: flaky.jar, max_retries: 1,\n"
            + "           config: { path: out/sink.txt, fail_after: fail-now, fail_count: " + FAILING + " } }\n";
        final String page = "http://127.0.0.1:" + http + "/";
        try (FaultRun run = FaultRun.start(dir, "live-page", yaml, "out/sink.txt")) {
            run.awaitSinkLines(50);
            assertEquals(200, get(page), "the page is served at /");
            try (HeadlessChromium browser = HeadlessChromium.open(dir.resolve("chromium"), page, 1280, 860)) {
                browser.waitFor("a node per satellite", NODES + ".length === 3", Duration.ofSeconds(60));
                final Map<String, String> first = new HashMap<>();
                final Map<String, Double> firstTotal = new HashMap<>();
                final JsonNode initial = browser.waitFor("a rate on every satellite",
                    "(() => { const n = " + NODES + "; return n.every(x => x.value > 0) ? n : null; })()",
                    Duration.ofSeconds(60));
                final Set<String> drawn = new TreeSet<>();
                for (final JsonNode n : initial) {
                    drawn.add(n.path("name").asText());
                    // The value behind the text, not the text: a steady 40/s reads "40.0" however often it is redrawn.
                    first.put(n.path("name").asText(), n.path("value").asText());
                    firstTotal.put(n.path("name").asText(), n.path("total").asDouble());
                    assertTrue(n.path("width").asDouble() > 0, () -> "drawn with a size: " + n);
                }
                assertEquals(Set.of("gen", "upper", "out"), drawn, "every satellite of the topology, each once");
                browser.waitFor("every satellite's rate moved and stayed above 0 and its total grown, from first "
                    + first + " " + firstTotal, NODES, Duration.ofSeconds(60), now -> allMoved(now, first, firstTotal));
                browser.waitFor("a rate on each of the 2 send_to wires", "(() => { const t = [...document.querySelectorAll("
                    + "'#graph g.edge.send_to text.figures')]; return t.length === 2 && t.every(x => /^[1-9][0-9.]*\\/s/"
                    + ".test(x.textContent)); })()", Duration.ofSeconds(30));

                Files.createFile(dir.resolve("fail-now"));
                final JsonNode letters = browser.waitFor(FAILING + " dead letters for out, each with two failed attempts",
                    "(() => { const rows = [...document.querySelectorAll('#dead-table tr.dead-letter')]"
                    + ".filter(r => r.dataset.service === 'out').map(r => ({ dispatch: r.dataset.dispatch,"
                    + " attempts: [...r.querySelectorAll('li.attempt')].map(li => li.textContent),"
                    + " visible: r.getBoundingClientRect().height > 0 }));"
                    + " return rows.length >= " + FAILING + " ? rows : null; })()", Duration.ofSeconds(90));
                for (final JsonNode letter : letters) {
                    assertTrue(letter.path("visible").asBoolean(), () -> "shown, not hidden: " + letter);
                    assertEquals(2, letter.path("attempts").size(), () -> "both attempts in its history: " + letter);
                    for (final JsonNode attempt : letter.path("attempts")) {
                        assertTrue(attempt.asText().contains("out#") && attempt.asText().contains(FlakySink.REFUSED),
                            () -> "each attempt says which instance and why: " + attempt);
                    }
                }
                browser.waitFor("the run's dead figure", "(() => { const f = document.querySelector("
                    + "'#totals [data-figure=dead] .value'); return f && Number(f.textContent) >= " + FAILING + "; })()",
                    Duration.ofSeconds(30));
                browser.screenshot(Docs.image("live-page.png"));
            }
        }
    }

    /**
     * True when every node shows a rate above 0 whose value differs from its first reading (the rate
     * is recomputed as its window fills, so a frozen one stays equal), and a grown total.
     */
    private static boolean allMoved(final JsonNode nodes, final Map<String, String> first, final Map<String, Double> total) {
        for (final JsonNode n : nodes) {
            final String name = n.path("name").asText();
            if (!(n.path("value").asDouble() > 0) || n.path("value").asText().equals(first.get(name))
                || !(n.path("total").asDouble() > total.get(name))) {
                return false;
            }
        }
        return nodes.size() == first.size();
    }

    private static int get(final String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
