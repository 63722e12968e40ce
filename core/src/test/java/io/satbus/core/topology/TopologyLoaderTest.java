package io.satbus.core.topology;

import static io.satbus.core.topology.TopologyAssertions.problemsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyLoaderTest {
    private static final String FULL = """
        name: hello
        orchester:
          host: 127.0.0.1
          service_port: 6670
          pub_port: 6671
          sub_port: 6672
          heartbeat_interval: 1.5s
          heartbeat_liveness: 4
          max_message_size: 512KiB
        tracker:
          timeout: 5s
          max_retries: 3
          retry_backoff: 250
          dead_letter: hello.dead
          metrics: { graphite: "10.0.0.1:2004", interval: 1m, http: "127.0.0.1:0" }
        satellites:
          gen:
            type: generator
            instances: 1
            send_to: upper
            config: { count: 1000, rate: 0.5, payload: "x", tags: [a, b], nested: { on: true, none: ~ } }
          upper:
            type: transformer
            instances: 2
            service: upper
            send_to: out
            publish: [events, alerts]
            credit: 10
            timeout: 2s
            max_retries: 1
          out: { type: sink, config: { path: out/hello.txt } }
          audit: { class: com.example.Audit, classpath: examples/audit.jar, subscribe: events }
        """;

    @Test
    void readsEveryKeyOfAFullTopology() throws TopologyException {
        final Topology t = TopologyLoader.parse(FULL, "full.yaml");

        assertEquals("hello", t.name());
        assertEquals("full.yaml", t.source());
        assertEquals(new OrchesterSpec("127.0.0.1", 6670, 6671, 6672, 1500, 4, 512 * 1024), t.orchester());
        assertEquals(new TrackerSpec(5000, 3, 250, "hello.dead", "10.0.0.1", 2004, 60_000, "127.0.0.1", 0), t.tracker());
        assertEquals(List.of("gen", "upper", "out", "audit"), List.copyOf(t.satellites().keySet()));
        assertEquals(new SatelliteSpec("upper", "transformer", null, null, 2, "upper", "out", List.of("events", "alerts"),
            List.of(), 10, 2000, 1, Map.of()), t.satellite("upper"));
        assertEquals(new SatelliteSpec("out", "sink", null, null, 1, "out", null, List.of(), List.of(),
            SatelliteSpec.DEFAULT_CREDIT, 0, -1, Map.of("path", "out/hello.txt")), t.satellite("out"));
        assertEquals(new SatelliteSpec("audit", null, "com.example.Audit", "examples/audit.jar", 1, "audit", null,
            List.of(), List.of("events"), SatelliteSpec.DEFAULT_CREDIT, 0, -1, Map.of()), t.satellite("audit"));
    }

    @Test
    void handsConfigOverAsPlainJavaValuesInFileOrder() throws TopologyException {
        final Map<String, Object> config = TopologyLoader.parse(FULL, "full.yaml").satellite("gen").config();

        assertEquals(List.of("count", "rate", "payload", "tags", "nested"), List.copyOf(config.keySet()));
        assertEquals(1000, config.get("count"));
        assertEquals(0.5, config.get("rate"));
        assertEquals("x", config.get("payload"));
        assertEquals(List.of("a", "b"), config.get("tags"));
        final Map<?, ?> nested = (Map<?, ?>) config.get("nested");
        assertEquals(true, nested.get("on"));
        assertNull(nested.get("none"));
    }

    @Test
    void sourceHasNoServiceUnlessOneIsGiven() throws TopologyException {
        final Topology t = TopologyLoader.parse(TopologyAssertions.withSatellites("""
            gen: { type: generator, send_to: sink }
            gen2: { type: generator, service: feed }
            sink: { type: sink }
            """), "t.yaml");

        assertNull(t.satellite("gen").service());
        assertEquals("feed", t.satellite("gen2").service());
        assertEquals("sink", t.satellite("sink").service());
        assertEquals(TrackerSpec.DEFAULT_TIMEOUT_MS, t.timeoutMs(t.satellite("sink")));
        assertEquals(TrackerSpec.DEFAULT_MAX_RETRIES, t.maxRetries(t.satellite("sink")));
    }

    @Test
    void omittedSectionsTakeTheirDefaults() throws TopologyException {
        final Topology t = TopologyLoader.parse("name: t\nsatellites: { s: { type: sink } }\n", "t.yaml");

        assertEquals(OrchesterSpec.defaults(), t.orchester());
        assertEquals(TrackerSpec.defaults(), t.tracker());
        assertEquals(new SatelliteSpec("s", "sink", null, null, SatelliteSpec.DEFAULT_INSTANCES, "s", null, List.of(),
            List.of(), SatelliteSpec.DEFAULT_CREDIT, 0, -1, Map.of()), t.satellite("s"));
    }

    @Test
    void durationsAndSizesAcceptIntegersAndUnits() throws TopologyException {
        final Topology t = TopologyLoader.parse("""
            name: t
            orchester: { heartbeat_interval: 250, max_message_size: 100 }
            tracker: { timeout: 2m, retry_backoff: 0ms, metrics: { interval: 1h } }
            satellites: { s: { type: sink } }
            """, "t.yaml");

        assertEquals(250, t.orchester().heartbeatIntervalMs());
        assertEquals(100, t.orchester().maxMessageBytes());
        assertEquals(120_000, t.tracker().timeoutMs());
        assertEquals(0, t.tracker().retryBackoffMs());
        assertEquals(3_600_000, t.tracker().metricsIntervalMs());
        assertEquals(false, t.tracker().graphiteEnabled());
        assertEquals("127.0.0.1", t.tracker().httpHost(), "the HTTP view is on by default");
        assertEquals(TrackerSpec.DEFAULT_HTTP_PORT, t.tracker().httpPort());
    }

    @Test
    void theHttpViewsDefaultPortFollowsTheOrchesterSoTwoTopologiesCanRunSideBySide() throws TopologyException {
        final Topology a = TopologyLoader.parse("name: a\nsatellites: { s: { type: sink } }\n", "a.yaml");
        final Topology b = TopologyLoader.parse("name: b\norchester: { service_port: 6670, pub_port: 6671, sub_port: 6672 }\n"
            + "satellites: { s: { type: sink } }\n", "b.yaml");
        final Topology c = TopologyLoader.parse("name: c\norchester: { service_port: 7670, pub_port: 7671, sub_port: 7672 }\n"
            + "tracker: { timeout: 2s }\nsatellites: { s: { type: sink } }\n", "c.yaml");
        assertEquals(5674, a.tracker().httpPort());
        assertEquals(6674, b.tracker().httpPort());
        assertEquals(7674, c.tracker().httpPort(), "with a tracker section that leaves metrics.http out");
        assertEquals(0, TrackerSpec.defaultHttpPort(65533), "past 65535: any free port");
    }

    @Test
    void httpViewCanBeTurnedOff() throws TopologyException {
        final Topology t = TopologyLoader.parse("name: t\ntracker: { metrics: { http: off } }\nsatellites: { s: { type: sink } }\n",
            "t.yaml");
        assertEquals(false, t.tracker().httpEnabled());
    }

    @Test
    void loadNamesTheFileAsGivenAndResolvesClasspathAgainstItsFolder(@TempDir final Path dir) throws Exception {
        Files.createDirectories(dir.resolve("topo/lib"));
        Files.writeString(dir.resolve("topo/lib/audit.jar"), "");
        final Path file = dir.resolve("topo/t.yaml");
        Files.writeString(file, "name: t\nsatellites:\n  audit: { class: com.example.Audit, classpath: lib/audit.jar }\n");

        final Topology t = TopologyLoader.load(file);

        assertEquals(file.toString(), t.source());
        assertEquals(dir.resolve("topo/lib/audit.jar").toAbsolutePath().toString(), t.satellite("audit").classpath());
    }

    @Test
    void loadReportsAClasspathThatDoesNotExist(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("t.yaml");
        Files.writeString(file, "name: t\nsatellites:\n  audit: { class: com.example.Audit, classpath: lib/nope.jar }\n");

        final TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.load(file));

        assertEquals(List.of(new TopologyProblem(file.toString(), 3, 49, "satellites.audit.classpath : \"lib/nope.jar\" not found at "
            + dir.resolve("lib/nope.jar").toAbsolutePath() + " (expected: a jar or folder, relative to the topology file's folder)")),
            e.problems());
    }

    @Test
    void missingFileIsOneProblemAtLineZero(@TempDir final Path dir) {
        final Path file = dir.resolve("nope.yaml");

        final TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.load(file));

        assertEquals(List.of(new TopologyProblem(file.toString(), 0, 0,
            "topology file : no such file (expected: an existing topology file)")), e.problems());
    }

    @Test
    void directoryIsOneProblemAtLineZero(@TempDir final Path dir) {
        final TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.load(dir));

        assertEquals(List.of(new TopologyProblem(dir.toString(), 0, 0,
            "topology file : a directory (expected: a readable topology file)")), e.problems());
    }

    @Test
    void fileThatIsNotUtf8IsOneProblemAtLineZero(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xe9, '\n'});

        final TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.load(file));

        assertEquals(List.of(new TopologyProblem(file.toString(), 0, 0,
            "topology file : not UTF-8 text (expected: a YAML file in UTF-8)")), e.problems());
    }

    @Test
    void exceptionMessageListsEveryProblemOnItsOwnLine() {
        final TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.parse("x: 1\n", "t.yaml"));

        assertEquals(List.of(
            "t.yaml:1:1: x : unknown key (expected one of: name, orchester, tracker, satellites, supervisor, custody, security)",
            "t.yaml:1:1: name : missing (expected: a topology name matching [A-Za-z0-9_-]+)",
            "t.yaml:1:1: satellites : missing (expected: a map of satellites by name)"),
            e.getMessage().lines().toList());
        assertEquals(e.getMessage().lines().toList(), problemsOf("x: 1\n"));
    }

    @Test
    void readsSupervisorLimitsAndSatelliteHosts() throws TopologyException {
        final Topology t = TopologyLoader.parse("""
            name: t
            supervisor: { quick_restarts: 1, restart_backoff: 200ms, max_backoff: 2s, max_restarts: 4, window: 10s }
            satellites:
              gen: { type: generator, send_to: s }
              s: { type: sink, host: edge-1 }
            """, "t.yaml");

        assertEquals(new SupervisorSpec(1, 200, 2000, 4, 10_000), t.supervisor());
        assertNull(t.satellite("gen").host());
        assertEquals("edge-1", t.satellite("s").host());
        assertEquals(java.util.Set.of("edge-1"), t.hosts());
    }

    @Test
    void omittedSupervisorTakesItsDefaults() throws TopologyException {
        assertEquals(SupervisorSpec.defaults(),
            TopologyLoader.parse("name: t\nsatellites: { s: { type: sink } }\n", "t.yaml").supervisor());
    }

    @Test
    void reportsABackoffCapBelowTheFirstBackoffAndABadHostName() {
        assertEquals(List.of(
            "t.yaml:2:49: supervisor.max_backoff : 100ms, less than restart_backoff 1000ms (expected: max_backoff >= restart_backoff)",
            "t.yaml:3:38: satellites.s.host : \"a b\" (expected: a host name matching [A-Za-z0-9_-]+)"),
            problemsOf("""
                name: t
                supervisor: { restart_backoff: 1s, max_backoff: 100ms }
                satellites: { s: { type: sink, host: "a b" } }
                """));
    }
}
