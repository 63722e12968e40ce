package io.satbus.tracker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Clock;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.tracker.DeadMessage;
import io.satbus.tracker.Failure;
import io.satbus.tracker.testing.SampleMetrics;
import io.satbus.tracker.testing.TestTopologies;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP view against a real client on a free port of 127.0.0.1. */
@Timeout(30)
class StatsServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String T = "stats";

    private final AtomicLong nowMs = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public long getTick() {
            return nowMs.get() * 1_000_000;
        }

        @Override
        public long getTime() {
            return nowMs.get();
        }
    };
    private MetricRegistry registry;
    private StatsServer server;
    private HttpClient client;

    @BeforeEach
    void start() {
        registry = SampleMetrics.registry(T);
        server = StatsServer.forRegistry(registry).topology(TestTopologies.topology(T)).port(0).clock(clock)
            .healthDetails(() -> Map.of("role", "orchester")).start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(final String method, final String path) throws IOException, InterruptedException {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(final String path) throws IOException, InterruptedException {
        final HttpResponse<String> response = send("GET", path);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("content-type").orElse(""));
        return JSON.readTree(response.body());
    }

    @Test
    void listensOnLoopbackByDefault() {
        assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
    }

    @Test
    void healthSaysOkWithTopologyUptimeAndDetails() throws Exception {
        nowMs.addAndGet(1500);
        final JsonNode health = get("/health");
        assertEquals("ok", health.path("status").asText());
        assertEquals(T, health.path("topology").asText());
        assertEquals(1500, health.path("uptime_ms").asLong());
        assertEquals(registry.getNames().size(), health.path("metrics").asInt());
        assertEquals("orchester", health.path("role").asText());
    }

    @Test
    void metricsShowEveryCounterGaugeAndTimerOfTheRegistry() throws Exception {
        registry.counter("satbus.stats.upper.done").inc(1000);
        final JsonNode metrics = get("/metrics?ignored=1");
        assertEquals(nowMs.get(), metrics.path("at_ms").asLong());
        registry.getCounters().forEach((name, counter) ->
            assertEquals(counter.getCount(), metrics.path("counters").path(name).path("count").asLong(), name));
        assertEquals(9 + 1000, metrics.path("counters").path("satbus.stats.upper.done").path("count").asLong());
        assertEquals(4, metrics.path("counters").path("satbus.stats.upper.0.done").path("count").asLong());
        assertEquals(2, metrics.path("gauges").path("satbus.stats.out.in_flight").path("value").asInt());
        final JsonNode latency = metrics.path("timers").path("satbus.stats.out.latency");
        assertEquals(100, latency.path("count").asLong());
        assertEquals(10.0, latency.path("p50_ms").asDouble(), 0.001);
        assertEquals(10.0, latency.path("p99_ms").asDouble(), 0.001);
        assertTrue(latency.has("m1_rate_per_s"), latency.toString());
        assertEquals(registry.getGauges().size(), metrics.path("gauges").size());
        assertEquals(registry.getTimers().size(), metrics.path("timers").size());
    }

    @Test
    void metricsShowAFailingGaugeAsAnErrorAndTheRest() throws Exception {
        registry.register("satbus.stats.broken", (com.codahale.metrics.Gauge<Integer>) () -> {
            throw new IllegalStateException("gauge on fire");
        });
        final JsonNode metrics = get("/metrics");
        assertTrue(metrics.path("gauges").path("satbus.stats.broken").path("error").asText().contains("gauge on fire"));
        assertEquals(1, metrics.path("gauges").path("satbus.stats.upper.in_flight").path("value").asInt());
    }

    @Test
    void topologyListsSatellitesAndWiringWithoutConfig() throws Exception {
        final JsonNode topology = get("/topology");
        assertEquals(T, topology.path("name").asText());
        final List<String> names = new ArrayList<>();
        topology.path("satellites").forEach(s -> names.add(s.path("name").asText()));
        assertEquals(List.of("gen", "upper", "out", "publisher", "audit"), names);
        final JsonNode upper = topology.path("satellites").get(1);
        assertEquals(2, upper.path("instances").asInt());
        assertEquals(2000, upper.path("timeout_ms").asLong());
        assertEquals(3, upper.path("max_retries").asInt());
        assertFalse(topology.toString().contains("hunter2"), "config must not be shown");
        final List<String> edges = new ArrayList<>();
        topology.path("wiring").forEach(e -> edges.add(e.path("from").asText() + ">" + e.path("to").asText() + " "
            + e.path("via").asText() + " " + e.path(e.has("topic") ? "topic" : "service").asText()));
        assertEquals(List.of("gen>upper send_to upper", "upper>out send_to out", "publisher>audit topic events",
            "orchester>audit topic satbus.dead"), edges);
        assertEquals(5670, topology.path("orchester").path("service_port").asInt());
        assertTrue(topology.path("tracker").path("metrics").path("graphite").isNull());
    }

    @Test
    void rootIsTheLivePageWhoseScriptAndStyleComeFromTheSameServerOnly() throws Exception {
        final HttpResponse<String> page = send("GET", "/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElse(""));
        assertTrue(page.body().contains("<script src=\"live.js\"") && page.body().contains("href=\"live.css\""),
            page.body());
        assertFalse(page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing from elsewhere: " + page.body());
        assertEquals(StaticPage.POLICY, page.headers().firstValue("content-security-policy").orElse(""));
        final HttpResponse<String> script = send("GET", "/live.js");
        assertEquals(200, script.statusCode());
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("content-type").orElse(""));
        for (final String document : List.of("\"topology\"", "\"metrics\"", "\"dead\"", "\"health\"")) {
            assertTrue(script.body().contains(document), "the page reads " + document);
        }
        assertFalse(script.body().replace("\"http://www.w3.org/2000/svg\"", "").matches("(?s).*https?://.*"),
            "no other origin than its own (the SVG namespace is a name, not an address)");
        assertEquals("text/css; charset=utf-8", send("GET", "/live.css").headers().firstValue("content-type").orElse(""));
    }

    @Test
    void deadListsTheLastDeadLettersNewestFirstWithTheirHistory() throws Exception {
        server.close();
        final List<DeadMessage> oldestFirst = List.of(
            new DeadMessage("upper", 7, 2, 1_000, List.of(new Failure("0a", "upper", 0, 900, "timeout"),
                new Failure("0b", "upper", 1, 1_000, "error: bad input"))),
            new DeadMessage("out", 9, 1, 2_000, List.of(new Failure("0c", "out", 0, 2_000, "worker lost"))));
        server = StatsServer.forRegistry(registry).topology(TestTopologies.topology(T)).port(0).clock(clock)
            .deadLetters(() -> oldestFirst).start();
        final JsonNode dead = get("/dead");
        assertEquals(1_000_000, dead.path("at_ms").asLong());
        final JsonNode letters = dead.path("dead_letters");
        assertEquals(2, letters.size());
        assertEquals("out", letters.get(0).path("service").asText(), "newest first");
        assertEquals(9, letters.get(0).path("dispatch_id").asLong());
        final JsonNode history = letters.get(1).path("history");
        assertEquals(2, history.size());
        assertEquals("timeout", history.get(0).path("outcome").asText(), "oldest attempt first");
        assertEquals(1, history.get(1).path("instance").asInt());
        assertEquals("0b", history.get(1).path("worker").asText());
        assertEquals(1_000, history.get(1).path("at_ms").asLong());
        assertEquals("upper", history.get(1).path("satellite").asText());
    }

    @Test
    void deadIsAnEmptyListWhenNothingDied() throws Exception {
        assertEquals(0, get("/dead").path("dead_letters").size());
    }

    @Test
    void unknownPathIs404NamingTheKnownOnes() throws Exception {
        final HttpResponse<String> response = send("GET", "/nope");
        assertEquals(404, response.statusCode());
        final JsonNode error = JSON.readTree(response.body());
        assertEquals(404, error.path("status").asInt());
        assertEquals("path : /nope (expected one of: /, /live.js, /live.css, /health, /metrics, /topology, /dead)", error.path("message").asText());
    }

    @Test
    void otherMethodThanGetIs405WithAllow() throws Exception {
        final HttpResponse<String> response = send("DELETE", "/metrics");
        assertEquals(405, response.statusCode());
        assertEquals("GET", response.headers().firstValue("allow").orElse(""));
        assertEquals("method : DELETE /metrics (expected: GET)", JSON.readTree(response.body()).path("message").asText());
    }

    @Test
    void servesManyRequestsOnOneKeptAliveConnection() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals("ok", get("/health").path("status").asText());
        }
    }

    @Test
    void oversizedBodyIs413AsJsonThenClose() throws Exception {
        final String response = raw("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 413 "), response);
        assertTrue(response.contains("\"message\" : \"request body : 100000 bytes (expected: at most "
            + StatsServer.DEFAULT_MAX_REQUEST_BYTES + " bytes"), response);
    }

    @Test
    void overlongRequestLineIs414AsJson() throws Exception {
        final String response = raw("GET /" + "x".repeat(StatsServer.MAX_INITIAL_LINE_BYTES + 10)
            + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 414 "), response);
        assertTrue(response.contains("\"error\" : \"Request-URI Too Long\""), response);
    }

    @Test
    void garbageIs400AsJson() throws Exception {
        final String response = raw("HELLO\u0001 THERE\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        assertTrue(response.contains("\"message\" : \"request : not understood"), response);
    }

    @Test
    void aTakenPortIsAnErrorNamingTheAddress() {
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () ->
            StatsServer.forRegistry(registry).topology(TestTopologies.topology(T)).port(server.port()).start());
        assertTrue(ex.getMessage().startsWith("metrics http : cannot listen on 127.0.0.1:" + server.port()),
            ex.getMessage());
    }

    /** Sends {@code request} on a plain socket and reads until the server closes. */
    private String raw(final String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            final InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
