package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's five figures reach the tracker's HTTP view (and so Graphite, which reports the same
 * registry) as the gauges satbus.TOPOLOGY.run.*: the run hands them to the orchester's admin
 * service, which passes them to the tracker.
 */
class RunMetricsIT {
    private static final int COUNT = 300;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theHttpViewShowsTheRunsFiguresAsTheFinalLineCountsThem() throws Exception {
        final Path file = dir.resolve("figures.yaml");
        Files.writeString(file, "name: figures\n" + TestTopologies.orchesterOnFreePorts()
            + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  gen: { type: generator, send_to: out, config: { count: " + COUNT + " } }\n"
            + "  out: { type: sink, config: { path: out/figures.txt } }\n");
        final Topology t = TopologyLoader.load(file);
        try (InProcessRun run = InProcessRun.start(t, dir)) {
            assertTrue(run.awaitDrained(System.currentTimeMillis() + 60_000, System::currentTimeMillis),
                () -> "did not drain: " + run.snapshot(0));
            final String url = "http://127.0.0.1:" + run.orchester().metrics().httpPort() + "/metrics";
            final HttpClient http = HttpClient.newHttpClient();
            final JsonNode gauges = Eventually.every(Duration.ofMillis(100)).waitFor(
                "satbus.figures.run.delivered = " + COUNT + " in the HTTP view's gauges", 30_000, () -> {
                    run.tick(System.currentTimeMillis());
                    return gauges(http, url);
                }, g -> g.path("satbus.figures.run.delivered").path("value").asLong() == COUNT);
            assertEquals(COUNT, gauges.path("satbus.figures.run.generated").path("value").asLong());
            for (String figure : new String[] {"duplicates", "dead", "lost"}) {
                assertEquals(0, gauges.path("satbus.figures.run." + figure).path("value").asLong(), figure);
                assertTrue(gauges.has("satbus.figures.run." + figure), figure + " shown: " + gauges);
            }
            assertEquals(run.snapshot(0).totals().delivered(), COUNT, "as the final line counts it");
        }
    }

    private static JsonNode gauges(final HttpClient http, final String url) {
        try {
            return new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("gauges");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted asking " + url, ex);
        }
    }
}
