package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.satbus.core.topology.TopologyException;
import io.satbus.core.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in types' config, checked when the topology loads ({@code satbus validate}): wrong
 * values and unknown keys at their line and column, every type error of a section at once,
 * and nothing opened, created or bound by the check.
 */
class BuiltinConfigCheckTest {
    @TempDir
    Path dir;

    private List<String> problems(final String satellites) throws Exception {
        final Path file = dir.resolve("t.yaml");
        Files.writeString(file, "name: t\nsatellites:\n" + satellites.indent(2));
        final TopologyException ex = assertThrows(TopologyException.class,
            () -> TopologyLoader.load(file, BuiltinConfigCheck.INSTANCE));
        return ex.problems().stream().map(p -> p.line() + ":" + p.column() + " " + p.message()).toList();
    }

    private void valid(final String satellites) throws Exception {
        final Path file = dir.resolve("ok.yaml");
        Files.writeString(file, "name: t\nsatellites:\n" + satellites.indent(2));
        TopologyLoader.load(file, BuiltinConfigCheck.INSTANCE);
    }

    @Test
    void reportsEveryWrongTypeOfASectionAtOnce() throws Exception {
        assertEquals(List.of(
                "3:58 satellites.gen.config.count : \"lots\" (expected: integer)",
                "3:70 satellites.gen.config.rate : \"fast\" (expected: number)",
                "3:90 satellites.gen.config.payload_size : list [1] (expected: integer)"),
            problems("""
                gen: { type: generator, send_to: out, config: { count: lots, rate: fast, payload_size: [1] } }
                out: { type: sink }
                """));
    }

    @Test
    void reportsAKeyTheTypeDoesNotReadWithADidYouMean() throws Exception {
        assertEquals(List.of("3:60 satellites.gen.config.rat : unknown key (expected one of: content_type, count, "
                + "payload, payload_size, rate; did you mean \"rate\"?)",
                "4:52 satellites.up.config.delai : unknown key (expected one of: content_type, delay, op; "
                    + "did you mean \"delay\"?)"),
            problems("""
                gen: { type: generator, send_to: up, config: { count: 5, rat: 5 } }
                up: { type: transformer, send_to: out, config: { delai: 1s } }
                out: { type: sink }
                """));
    }

    @Test
    void reportsTheChecksOfEachType() throws Exception {
        assertEquals(List.of(
                "3:57 satellites.gen.config.count : -1 (expected: integer >= 0, 0 for until stopped)",
                "4:56 satellites.up.config.op : \"shout\" (expected: one of upper, lower, reverse, identity)",
                "5:46 satellites.out.config.dedup_window : 0 (expected: ids to remember >= 1)"),
            problems("""
                gen: { type: generator, send_to: up, config: { count: -1 } }
                up: { type: transformer, send_to: out, config: { op: shout } }
                out: { type: sink, config: { dedup_window: 0 } }
                """));
    }

    @Test
    void checksTheFirehoseTypesDownToTheirResources() throws Exception {
        assertEquals(List.of(
                "7:24 satellites.fetch.config.connect_timeout : \"soon\" (expected: duration such as 250ms, 2s, 1m, 1h "
                    + "or milliseconds)",
                "9:42 satellites.fetch.config.resources[0].nmae : unknown key (expected one of: headers, name, "
                    + "page_limit, poll_interval, token_env, url; did you mean \"name\"?)",
                "10:64 satellites.parse.config.dedup_window : \"x\" (expected: integer)",
                "11:44 satellites.pub.config.flush : \"sometimes\" (expected: one of each, count, interval)",
                "12:39 satellites.feed.config.port : 70000 (expected: a port 0..65535 (0 for any free port))"),
            problems("""
                fetch:
                  type: fetcher
                  send_to: parse
                  config:
                    connect_timeout: soon
                    resources:
                      - { url: "http://127.0.0.1:1/x", nmae: x }
                parse: { type: parser, send_to: pub, config: { dedup_window: x } }
                pub: { type: publisher, config: { flush: sometimes, stdout: true } }
                feed: { type: feed, config: { port: 70000 } }
                """));
    }

    @Test
    void aProblemATypeSaysWholeIsReportedAtTheKeyItNames() throws Exception {
        assertEquals(List.of("3:90 satellites.fetch.config.ca_file : \"nothere.pem\" at " + dir.resolve("nothere.pem")
                + ": not found (expected: a PEM file of one or more certificates (-----BEGIN CERTIFICATE-----), relative "
                + "to the topology file's folder)"),
            problems("""
                fetch: { type: fetcher, send_to: out, config: { url: "https://localhost:1/x", ca_file: nothere.pem } }
                out: { type: sink }
                """));
    }

    /** The topologies shipped in topologies/ load with their config checked, as `satbus run` loads them. */
    @Test
    void everyShippedTopologyLoadsWithItsConfigChecked() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("topologies"))) {
            root = root.getParent();
        }
        final List<Path> files;
        try (java.util.stream.Stream<Path> listing = Files.list(root.resolve("topologies"))) {
            files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path file : files) {
            TopologyLoader.load(file, BuiltinConfigCheck.INSTANCE);
        }
    }

    @Test
    void opensNothingCreatesNothingAndLeavesClassSatellitesToTheirStart() throws Exception {
        valid("""
            gen: { type: generator, send_to: out, config: { count: 5 } }
            out: { type: sink, config: { path: made/by/the/sink.txt } }
            pub: { type: publisher, config: { jsonl: made/by/the/publisher.jsonl } }
            mine: { class: com.example.NotLoadedHere, config: { anything: goes } }
            """);
        assertFalse(Files.exists(dir.resolve("made")), "the check creates no folder or file");
    }
}
