package io.satbus.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.cli.Satbus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code satbus bench} on a tiny configuration (two variants of 500 messages each): it runs, prints
 * the table and writes every report. No figure is checked: benchmarks are not tests. A count, not
 * a period, ends each measurement: on a loaded machine the pipeline may not flow yet after a short
 * warm-up, and a period could then measure nothing.
 */
class BenchCommandIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void benchesTwoVariantsAndWritesJsonCsvSvgAndHtml() throws Exception {
        final Path topology = dir.resolve("tiny.yaml");
        Files.writeString(topology, """
            name: tiny
            satellites:
              gen:   { type: generator, send_to: upper }
              upper: { type: transformer, send_to: out }
              out:   { type: sink }
            """);
        final Path out = dir.resolve("results");
        final StringWriter stdout = new StringWriter();
        final StringWriter stderr = new StringWriter();
        final CommandLine cl = Satbus.commandLine();
        cl.setOut(new PrintWriter(stdout));
        cl.setErr(new PrintWriter(stderr));

        final int code = cl.execute("bench", topology.toString(), "--warmup", "300ms", "--messages", "500",
            "--baseline", "300ms", "--vary", "tracker=on,off", "--out", out.toString());

        assertEquals(0, code, () -> "stdout:\n" + stdout + "\nstderr:\n" + stderr);
        assertTrue(stdout.toString().contains("tracker=off"), stdout::toString);
        final JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("tiny", json.get("topology").asText());
        assertEquals(2, json.get("variants").size());
        assertTrue(json.get("variants").get(0).get("throughput_msgs_per_s").asDouble() > 0, json::toString);
        assertTrue(json.get("baselines").get(0).get("two_hops_msgs_per_s").asDouble() > 0, json::toString);
        final JsonNode roundTrip = json.get("baselines").get(0).get("four_hop_round_trip_us");
        assertTrue(roundTrip.get("count").asLong() > 0, json::toString);
        assertTrue(roundTrip.get("p50").asLong() > 0 && roundTrip.get("p99").asLong() >= roundTrip.get("p50").asLong(),
            json::toString);
        assertTrue(stdout.toString().contains("raw JeroMQ round trip through 4 hops"), stdout::toString);
        for (String shape : new String[] {"back_to_back_round_trip_us", "orchester_back_to_back_round_trip_us"}) {
            final JsonNode rt = json.get("baselines").get(0).get(shape);
            assertTrue(rt.get("count").asLong() > 0 && rt.get("p99").asLong() >= rt.get("p50").asLong(), shape + " in " + json);
        }
        assertTrue(json.get("baselines").get(0).get("orchester_p99_to_raw").asDouble() > 0, json::toString);
        assertTrue(stdout.toString().contains("MDP via the orchester"), stdout::toString);
        final List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, csv.size(), "a header and a row per variant: " + csv);
        assertTrue(csv.get(2).startsWith("\"tracker=off\""), csv::toString);
        final String svg = Files.readString(out.resolve("report.svg"));
        assertTrue(svg.startsWith("<svg") && svg.contains("class=\"bar\""), "the chart has bars");
        final String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("tracker=on"), "the page holds the chart and the table");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void unknownVaryKeyIsAUserErrorNamingTheKnownKeys() throws Exception {
        final Path topology = dir.resolve("tiny.yaml");
        Files.writeString(topology, """
            name: tiny
            satellites:
              gen: { type: generator, send_to: out }
              out: { type: sink }
            """);
        final StringWriter stderr = new StringWriter();
        final CommandLine cl = Satbus.commandLine();
        cl.setErr(new PrintWriter(stderr));
        final int code = cl.execute("bench", topology.toString(), "--vary", "colour=red,blue");
        assertEquals(Satbus.EXIT_BAD_INPUT, code);
        assertTrue(stderr.toString().contains("--vary colour : unknown key (expected one of: tracker, rate"),
            stderr::toString);
    }
}
