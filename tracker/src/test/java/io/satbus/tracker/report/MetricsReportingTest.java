package io.satbus.tracker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Clock;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.topology.Topology;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.tracker.testing.SampleMetrics;
import io.satbus.tracker.testing.TestTopologies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reporting driven report by report ({@code reportNow}) against a fake carbon: what goes on
 * the wire, and what happens when carbon goes away, comes back, or stops reading. The schedule
 * is an hour so that only the test reports.
 */
@Timeout(60)
class MetricsReportingTest {
    private static final String T = "rep";
    private static final long HOUR_MS = TimeUnit.HOURS.toMillis(1);
    private static final long WAIT_MS = 10_000;
    private static final Clock FIXED = new Clock() {
        @Override
        public long getTick() {
            return 1_000_000_000L * 1_000_000;
        }

        @Override
        public long getTime() {
            return 1_700_000_000_000L;
        }
    };

    private FakeCarbon carbon;
    private MetricsReporting reporting;

    @AfterEach
    void stop() {
        if (reporting != null) {
            reporting.close();
        }
        if (carbon != null) {
            carbon.close();
        }
    }

    private static MetricsReporting.Builder builder(final MetricRegistry registry) {
        return MetricsReporting.forRegistry(registry).httpPort(0).clock(FIXED);
    }

    private static Topology toCarbon(final int port) {
        return TestTopologies.topology(T, Ports.HOST, port, HOUR_MS);
    }

    private void awaitReports(final int n) {
        Eventually.waitUntil(n + " reports read by carbon", WAIT_MS, () -> carbon.finished() >= n,
            () -> carbon.finished() + " read, " + reporting.graphite());
    }

    private void awaitValue(final String path, final String value) {
        Eventually.waitUntil(path + " = " + value + " at carbon", WAIT_MS, () -> value.equals(carbon.lastValue(path)),
            () -> "last value " + carbon.lastValue(path) + ", " + carbon.lines().size() + " lines, "
                + reporting.graphite());
    }

    @Test
    void sendsEveryMetricInCarbonPlaintextUnderItsSatbusName() {
        carbon = FakeCarbon.listening(0);
        final MetricRegistry registry = SampleMetrics.registry(T);
        reporting = builder(registry).start(toCarbon(carbon.port()));
        reporting.reportNow();
        awaitReports(1);
        assertEquals("7", carbon.lastValue("satbus.rep.tracker.events.count"));
        assertTrue(carbon.lines().contains("satbus.rep.upper.done.count 9 1700000000"), carbon.lines().toString());
        assertEquals("4", carbon.lastValue("satbus.rep.upper.0.done.count"));
        assertEquals("2", carbon.lastValue("satbus.rep.out.in_flight"));
        assertEquals("10.00", carbon.lastValue("satbus.rep.out.latency.p99"));
        assertEquals("100", carbon.lastValue("satbus.rep.out.latency.count"));
        assertEquals("3", carbon.lastValue("satbus.rep.orchester.malformed"));
        assertTrue(Long.parseLong(carbon.lastValue("satbus.rep.orchester.jvm.memory.heap.used")) > 0);
        assertEquals(1, reporting.graphite().orElseThrow().reportsSent());
    }

    @Test
    void reconnectsOnTheNextReportAfterCarbonComesBack() {
        carbon = FakeCarbon.listening(0);
        final int port = carbon.port();
        final MetricRegistry registry = SampleMetrics.registry(T);
        reporting = builder(registry).start(toCarbon(port));
        reporting.reportNow();
        awaitValue("satbus.rep.upper.done.count", "9");

        carbon.close();
        registry.counter("satbus.rep.upper.done").inc(100);
        reporting.reportNow();
        GraphiteStatus status = reporting.graphite().orElseThrow();
        assertEquals(1, status.reportsFailed(), status.toString());
        assertEquals(1, status.consecutiveFailures(), status.toString());
        assertTrue(status.lastError().contains("Connection refused"), status.toString());

        carbon = FakeCarbon.listening(port);
        reporting.reportNow();
        awaitValue("satbus.rep.upper.done.count", "109");
        status = reporting.graphite().orElseThrow();
        assertEquals(2, status.reportsSent(), status.toString());
        assertEquals(0, status.consecutiveFailures(), status.toString());
    }

    @Test
    void cutsAReportShortWhenCarbonStopsReading() {
        carbon = FakeCarbon.stalled(0);
        final MetricRegistry registry = new MetricRegistry();
        final String longName = "satbus.rep.upper." + "x".repeat(200) + ".";
        for (int i = 0; i < 50_000; i++) {
            registry.counter(longName + i).inc(i);
        }
        reporting = builder(registry).connectTimeoutMs(500).writeTimeoutMs(500).start(toCarbon(carbon.port()));
        final long started = System.nanoTime();
        reporting.reportNow();
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        final GraphiteStatus status = reporting.graphite().orElseThrow();
        assertTrue(tookMs < 5_000, "a stalled report took " + tookMs + " ms");
        assertEquals(1, status.reportsFailed(), status.toString());
        assertTrue(status.lastError().startsWith("no progress within 1000 ms"), status.toString());
        assertEquals(1, carbon.connections());
    }

    @Test
    void closeSendsALastReport() {
        carbon = FakeCarbon.listening(0);
        final MetricRegistry registry = SampleMetrics.registry(T);
        reporting = builder(registry).start(toCarbon(carbon.port()));
        registry.counter("satbus.rep.out.done").inc(1000);
        reporting.close();
        awaitValue("satbus.rep.out.done.count", "1018");
    }

    @Test
    void registersJvmMetricsUnderItsRoleAndRemovesThemOnClose() {
        final MetricRegistry registry = SampleMetrics.registry(T);
        reporting = builder(registry).role("tracker").start(TestTopologies.topology(T));
        assertTrue(registry.getGauges().containsKey("satbus.rep.tracker.jvm.memory.heap.used"));
        assertTrue(registry.getGauges().containsKey("satbus.rep.tracker.jvm.threads.count"));
        assertTrue(registry.getGauges().containsKey("satbus.rep.tracker.jvm.uptime_ms"));
        assertTrue(registry.getGauges().keySet().stream().anyMatch(n -> n.startsWith("satbus.rep.tracker.jvm.gc.")));
        final long open = (Long) registry.getGauges().get("satbus.rep.tracker.jvm.fd.open").getValue();
        final long max = (Long) registry.getGauges().get("satbus.rep.tracker.jvm.fd.max").getValue();
        assertTrue(open > 0 && open <= max, "file descriptors " + open + " of " + max);
        assertTrue(registry.getGauges().containsKey("satbus.rep.tracker.http.connections"), registry.getNames().toString());
        reporting.close();
        assertFalse(registry.getNames().stream().anyMatch(n -> n.contains(".jvm.") || n.contains(".http.")),
            registry.getNames().toString());
        assertTrue(registry.getCounters().containsKey("satbus.rep.upper.done"), "the caller's metrics stay");
    }

    @Test
    void refusesASecondReportingForTheSameRoleAndRegistry() {
        final MetricRegistry registry = SampleMetrics.registry(T);
        reporting = builder(registry).start(TestTopologies.topology(T));
        final int names = registry.getNames().size();
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> builder(registry).start(TestTopologies.topology(T)));
        assertTrue(ex.getMessage().startsWith("jvm metrics : satbus.rep.orchester.jvm."), ex.getMessage());
        assertEquals(names, registry.getNames().size(), "the first one's metrics stay");
    }

    @Test
    void withoutGraphiteTheHttpViewStillServesAndSaysSo() throws Exception {
        final MetricRegistry registry = SampleMetrics.registry(T);
        reporting = builder(registry).start(TestTopologies.topology(T));
        assertTrue(reporting.graphite().isEmpty());
        reporting.reportNow();
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + reporting.httpPort() + "/health")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        final JsonNode health = new ObjectMapper().readTree(response.body());
        assertEquals("ok", health.path("status").asText());
        assertFalse(health.path("graphite").path("enabled").asBoolean(true), health.toString());
    }

    @Test
    void healthShowsHowGraphiteGoes() throws Exception {
        carbon = FakeCarbon.listening(0);
        final MetricRegistry registry = SampleMetrics.registry(T);
        reporting = builder(registry).start(toCarbon(carbon.port()));
        reporting.reportNow();
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + reporting.httpPort() + "/health")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        final JsonNode graphite = new ObjectMapper().readTree(response.body()).path("graphite");
        assertTrue(graphite.path("enabled").asBoolean(), graphite.toString());
        assertEquals("127.0.0.1:" + carbon.port(), graphite.path("endpoint").asText());
        assertEquals(1, graphite.path("reports_sent").asLong());
        assertEquals(1_700_000_000_000L, graphite.path("last_sent_at_ms").asLong());
    }

    @Test
    void healthIsDownWhileALoopItWasGivenDoesNotTurn() throws Exception {
        final MetricRegistry registry = SampleMetrics.registry(T);
        final io.satbus.core.Liveness loop = new io.satbus.core.Liveness("orchester_loop", 10_000,
            System.currentTimeMillis());
        reporting = builder(registry).liveness(loop).start(TestTopologies.topology(T));
        loop.died(new IllegalStateException("boom"));
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + reporting.httpPort() + "/health")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("down", new ObjectMapper().readTree(response.body()).path("status").asText());
    }
}
