package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source has metrics: every satellite of a run, source or worker, shows what it sent, keeps
 * unacknowledged and gave up, what it handled, its restarts, flapping and running instances and
 * its processes' heap, as {@code satbus.<topology>.<satellite>.*} in the tracker's HTTP view (and
 * so in Graphite). Before, {@code satbus.<topology>.gen.*} never appeared.
 */
class SourceMetricsIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aGeneratorAndASinkReportTheirOwnFiguresUnderTheirNames() throws Exception {
        final Path file = dir.resolve("sources.yaml");
        Files.writeString(file, "name: sources\n" + TestTopologies.orchesterOnFreePorts()
            + "satellites:\n"
            + "  gen: { type: generator, send_to: out, config: { count: 0, rate: 200 } }\n"
            + "  out: { type: sink, config: { path: out/sources.txt } }\n");
        final int httpPort = Ports.freePorts(1)[0];
        final String url = "http://127.0.0.1:" + httpPort + "/metrics";
        final HttpClient http = HttpClient.newHttpClient();
        final AtomicReference<JsonNode> gauges = new AtomicReference<>();
        try (SatbusProcess run = SatbusProcess.start(dir, "run", file.toString(), "--http", "127.0.0.1:" + httpPort,
            "--grace", SatbusCommandIT.GRACE)) {
            assertTrue(Eventually.within(() -> {
                try {
                    gauges.set(new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).path("gauges"));
                } catch (Exception notYet) {
                    return false;
                }
                return value(gauges.get(), "gen.sent") > 0 && value(gauges.get(), "out.handled") > 0
                    && value(gauges.get(), "gen.heap_used") > 0;
            }, Duration.ofSeconds(90)), () -> "no figures of gen and out: " + gauges.get());
            final JsonNode g = gauges.get();
            for (String satellite : new String[] {"gen", "out"}) {
                for (String figure : new String[] {"sent", "outstanding", "lost", "handled", "restarts", "flapping", "up",
                    "heap_used"}) {
                    assertTrue(g.has("satbus.sources." + satellite + "." + figure), satellite + "." + figure + " in " + g);
                }
                assertEquals(1, value(g, satellite + ".up"), satellite + " runs one instance");
                assertEquals(0, value(g, satellite + ".lost"), satellite + " gave nothing up");
            }
            run.process().destroy();
            run.waitFor(Duration.ofMinutes(2));
        }
    }

    private static long value(final JsonNode gauges, final String name) {
        return gauges == null ? -1 : gauges.path("satbus.sources." + name).path("value").asLong(-1);
    }
}
