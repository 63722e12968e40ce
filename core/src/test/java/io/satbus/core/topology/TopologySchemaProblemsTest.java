package io.satbus.core.topology;

import static io.satbus.core.topology.TopologyAssertions.problemsOf;
import static io.satbus.core.topology.TopologyAssertions.withSatellites;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per kind of problem the schema check reports, pinning message, line and column. */
class TopologySchemaProblemsTest {
    private static final String SATELLITE_KEYS =
        "type, class, classpath, command, instances, service, send_to, publish, subscribe, credit, timeout, max_retries,"
            + " config, host, autoscale, dedup_window, outbox, outbox_fsync, max_message_size, queue_timeout";
    private static final String DURATION = "such as 250ms, 5s, 1.5s, 2m or 1h, or an integer in milliseconds";

    @Test
    void yamlSyntaxErrorGivesTheParsersProblemAndPosition() {
        assertEquals(List.of("t.yaml:1:12: syntax : mapping values are not allowed here (expected: valid YAML)"),
            problemsOf("name: hello: world\n"));
    }

    @Test
    void yamlSyntaxErrorNamesWhereTheUnclosedConstructStarted() {
        assertEquals(List.of("t.yaml:4:1: syntax : expected ',' or '}', but got <stream end>, while parsing a flow"
            + " mapping started at line 3, column 8 (expected: valid YAML)"),
            problemsOf("""
                name: hello
                satellites:
                  gen: { type: generator
                """));
    }

    @Test
    void tabIndentationIsASyntaxError() {
        assertEquals(List.of("t.yaml:2:1: syntax : found character '\\t(TAB)' that cannot start any token."
            + " (Do not use \\t(TAB) for indentation) (expected: valid YAML)"),
            problemsOf("name: t\n\tsatellites: {}\n"));
    }

    @Test
    void emptyFileIsReportedAsSuch() {
        final String expected = "t.yaml:1:1: topology : empty file (expected: a map with at least name and satellites)";
        assertEquals(List.of(expected), problemsOf(""));
        assertEquals(List.of(expected), problemsOf("# nothing but a comment\n"));
    }

    @Test
    void topLevelThatIsNotAMapIsReported() {
        assertEquals(List.of("t.yaml:1:1: topology : a list (expected: a map with at least name and satellites)"),
            problemsOf("- gen\n- out\n"));
        assertEquals(List.of("t.yaml:1:1: topology : \"hello\" (expected: a map with at least name and satellites)"),
            problemsOf("hello\n"));
    }

    @Test
    void custodyKeysAreCheckedWhereTheyAreWritten() {
        assertEquals(List.of(
                "t.yaml:1:10: custody : \"yes please\" (expected: true or false)",
                "t.yaml:4:34: satellites.s.dedup_window : 0 (expected: an integer 1..10000000)",
                "t.yaml:5:51: satellites.g.outbox_fsync : true without outbox (expected: outbox: true as well, or no outbox_fsync)"),
            problemsOf("""
                custody: yes please
                name: t
                satellites:
                  s: { type: sink, dedup_window: 0 }
                  g: { type: generator, send_to: s, outbox_fsync: true }
                """));
    }

    @Test
    void custodyKeysAreReadIntoTheSpec() throws TopologyException {
        final Topology t = TopologyLoader.parse("""
            name: t
            custody: false
            satellites:
              s: { type: sink, dedup_window: 7 }
              g: { type: generator, send_to: s, outbox: true, outbox_fsync: true }
            """, "t.yaml");
        assertEquals(false, t.custody());
        assertEquals(new CustodySpec(7, false, false), t.satellite("s").custody());
        assertEquals(new CustodySpec(CustodySpec.DEFAULT_DEDUP_WINDOW, true, true), t.satellite("g").custody());
    }

    @Test
    void byteBoundsAreCheckedAgainstEachOtherWhereTheyAreWritten() {
        assertEquals(List.of(
                "t.yaml:2:82: orchester.max_service_bytes : 64MiB, more than max_queued_bytes 32MiB (expected:"
                    + " <= max_queued_bytes)",
                "t.yaml:2:105: orchester.max_peer_bytes : 512KiB, less than max_message_size 1MiB (expected:"
                    + " >= max_message_size, so that the largest message can be taken)"),
            problemsOf("""
                name: t
                orchester: { max_message_size: 1MiB, max_queued_bytes: 32MiB, max_service_bytes: 64MiB, max_peer_bytes: 512KiB }
                satellites: { s: { type: sink } }
                """));
        assertEquals(List.of(
                "t.yaml:2:32: orchester.max_queued_bytes : 8MiB, less than max_message_size 16MiB (expected:"
                    + " >= max_message_size, so that the largest message can be taken)",
                "t.yaml:2:54: orchester.max_peer_bytes : 0 (expected: a size > 0 such as 100B, 512KiB, 16MiB or 1GiB,"
                    + " or an integer in bytes)"),
            problemsOf("""
                name: t
                orchester: { max_queued_bytes: 8MiB, max_peer_bytes: 0 }
                satellites: { s: { type: sink } }
                """));
    }

    @Test
    void serviceLimitsAreCheckedWhereTheyAreWritten() {
        assertEquals(List.of(
                "t.yaml:2:27: tracker.queue_timeout : \"soon\" (expected: a duration " + DURATION + ")",
                "t.yaml:4:38: satellites.s.max_message_size : 32MiB, more than orchester.max_message_size 16MiB"
                    + " (expected: <= orchester.max_message_size, the largest message the orchester reads)",
                "t.yaml:5:54: satellites.u.queue_timeout : -1 (expected: a duration " + DURATION + ")"),
            problemsOf("""
                name: t
                tracker: { queue_timeout: soon }
                satellites:
                  s: { type: sink, max_message_size: 32MiB }
                  u: { type: transformer, send_to: s, queue_timeout: -1 }
                """));
    }

    @Test
    void boundsAndServiceLimitsAreReadIntoTheSpec() throws TopologyException {
        final Topology t = TopologyLoader.parse("""
            name: t
            orchester: { max_message_size: 1MiB, max_queued_bytes: 64MiB, max_peer_bytes: 2MiB }
            tracker: { queue_timeout: 30s }
            satellites:
              s: { type: sink, max_message_size: 4096, queue_timeout: 0 }
              u: { type: transformer, send_to: s }
            """, "t.yaml");
        assertEquals(64L << 20, t.orchester().maxQueuedBytes());
        assertEquals(OrchesterSpec.DERIVED, t.orchester().maxServiceBytes());
        assertEquals(2L << 20, t.orchester().maxPeerBytes());
        assertEquals(new LimitsSpec(4096, 0), t.satellite("s").limits());
        assertEquals(4096, t.maxMessageBytes(t.satellite("s")));
        assertEquals(0, t.queueTimeoutMs(t.satellite("s")));
        assertEquals(LimitsSpec.defaults(), t.satellite("u").limits());
        assertEquals(1L << 20, t.maxMessageBytes(t.satellite("u")));
        assertEquals(30_000, t.queueTimeoutMs(t.satellite("u")));
        assertEquals(TrackerSpec.DEFAULT_QUEUE_TIMEOUT_MS, TrackerSpec.defaults().queueTimeoutMs());
    }

    @Test
    void secondYamlDocumentIsReported() {
        assertEquals(List.of("t.yaml:4:1: topology : a second YAML document (expected: one document per file)"),
            problemsOf("name: t\nsatellites: { s: { type: sink } }\n---\nname: u\n"));
    }

    @Test
    void unknownKeySuggestsClosestKnownKey() {
        assertEquals(List.of("t.yaml:5:5: satellites.gen.instnces : unknown key (expected one of: " + SATELLITE_KEYS
            + "; did you mean \"instances\"?)"),
            problemsOf(withSatellites("""
                gen:
                  type: generator
                  instnces: 2
                """)));
    }

    @Test
    void unknownKeyIsReportedAtEveryLevel() {
        assertEquals(List.of(
            "t.yaml:2:1: orchestra : unknown key (expected one of: name, orchester, tracker, satellites, supervisor, custody, security;"
                + " did you mean \"orchester\"?)",
            "t.yaml:4:3: tracker.colour : unknown key (expected one of: timeout, max_retries, retry_backoff,"
                + " dead_letter, metrics, queue_timeout)",
            "t.yaml:5:14: tracker.metrics.intervall : unknown key (expected one of: graphite, interval, http,"
                + " max_connections, idle_timeout; did you mean \"interval\"?)"),
            problemsOf("""
                name: t
                orchestra: { host: 127.0.0.1 }
                tracker:
                  colour: red
                  metrics: { intervall: 10s }
                satellites: { s: { type: sink } }
                """));
    }

    @Test
    void stringWhereIntegerExpectedIsReported() {
        assertEquals(List.of("t.yaml:3:33: satellites.gen.instances : \"two\" (expected: an integer 1..1000)"),
            problemsOf(withSatellites("gen: { type: sink, instances: two }")));
    }

    @Test
    void integerOutOfRangeIsReported() {
        assertEquals(List.of(
            "t.yaml:3:33: satellites.gen.instances : -1 (expected: an integer 1..1000)",
            "t.yaml:3:45: satellites.gen.credit : 10001 (expected: an integer 1..10000)",
            "t.yaml:3:65: satellites.gen.max_retries : 101 (expected: an integer 0..100)"),
            problemsOf(withSatellites("gen: { type: sink, instances: -1, credit: 10001, max_retries: 101 }")));
    }

    @Test
    void mapWhereListExpectedIsReported() {
        assertEquals(List.of("t.yaml:3:31: satellites.gen.publish : a map (expected: a topic without spaces or a list of them)"),
            problemsOf(withSatellites("gen: { type: sink, publish: { events: 1 } }")));
    }

    @Test
    void badListItemIsReportedWithItsIndex() {
        assertEquals(List.of("t.yaml:3:37: satellites.gen.subscribe[1] : a list (expected: a topic prefix without spaces)"),
            problemsOf(withSatellites("gen: { type: sink, subscribe: [a, [b]] }")));
    }

    @Test
    void badDurationIsReported() {
        assertEquals(List.of(
            "t.yaml:2:21: tracker.timeout : \"5 parsecs\" (expected: a duration > 0 " + DURATION + ")",
            "t.yaml:2:47: tracker.retry_backoff : -5 (expected: a duration " + DURATION + ")",
            "t.yaml:3:41: satellites.s.timeout : 0 (expected: a duration > 0 " + DURATION + ")"),
            problemsOf("""
                name: t
                tracker: { timeout: 5 parsecs, retry_backoff: -5 }
                satellites: { s: { type: sink, timeout: 0 } }
                """));
    }

    @Test
    void durationThatIsNotWholeMillisecondsIsReported() {
        assertEquals(List.of("t.yaml:2:34: orchester.heartbeat_interval : \"0.5ms\" (expected: a duration > 0 " + DURATION + ")"),
            problemsOf("name: t\norchester: { heartbeat_interval: 0.5ms }\nsatellites: { s: { type: sink } }\n"));
    }

    @Test
    void badSizeIsReported() {
        assertEquals(List.of("t.yaml:2:32: orchester.max_message_size : \"16MB\" (expected: a size > 0 such as 100B,"
            + " 512KiB, 16MiB or 1GiB, or an integer in bytes)"),
            problemsOf("name: t\norchester: { max_message_size: 16MB }\nsatellites: { s: { type: sink } }\n"));
    }

    @Test
    void portOutOfRangeIsReported() {
        assertEquals(List.of(
            "t.yaml:2:28: orchester.service_port : 0 (expected: a port 1..65535)",
            "t.yaml:2:41: orchester.pub_port : 70000 (expected: a port 1..65535)"),
            problemsOf("name: t\norchester: { service_port: 0, pub_port: 70000 }\nsatellites: { s: { type: sink } }\n"));
    }

    @Test
    void portClashIsReportedAtTheLaterPort() {
        assertEquals(List.of(
            "t.yaml:4:13: orchester.sub_port : 6000, the same as orchester.service_port"
                + " (expected: service_port, pub_port and sub_port all different)"),
            problemsOf("""
                name: t
                orchester:
                  service_port: 6000
                  sub_port: 6000
                satellites: { s: { type: sink } }
                """));
    }

    @Test
    void portClashWithADefaultIsReportedAtTheWrittenPort() {
        assertEquals(List.of(
            "t.yaml:2:28: orchester.service_port : 5671, the same as orchester.pub_port"
                + " (expected: service_port, pub_port and sub_port all different)"),
            problemsOf("name: t\norchester: { service_port: 5671 }\nsatellites: { s: { type: sink } }\n"));
    }

    @Test
    void anOrchesterPortOnTheMetricsViewsDefaultIsReportedAtThePort() {
        assertEquals(List.of(
            "t.yaml:2:24: orchester.pub_port : 5674, the port of the tracker's metrics view (tracker.metrics.http, "
                + "default 127.0.0.1:5674) (expected: another port, or tracker.metrics.http set to another)"),
            problemsOf("name: t\norchester: { pub_port: 5674 }\nsatellites: { s: { type: sink } }\n"));
    }

    @Test
    void aMetricsViewOnAnOrchesterPortIsReportedAtTheViewAndOtherAddressesAreFine() throws TopologyException {
        assertEquals(List.of(
            "t.yaml:3:29: tracker.metrics.http : localhost:6001, the same port as orchester.pub_port (expected: a port "
                + "the orchester does not use, 0 for any free port, or off)"),
            problemsOf("""
                name: t
                orchester: { service_port: 6000, pub_port: 6001, sub_port: 6002 }
                tracker: { metrics: { http: "localhost:6001" } }
                satellites: { s: { type: sink } }
                """));
        TopologyLoader.parse("""
            name: t
            orchester: { host: 127.0.0.2, service_port: 6000, pub_port: 6001, sub_port: 6002 }
            tracker: { metrics: { http: "127.0.0.1:6001" } }
            satellites: { s: { type: sink } }
            """, "t.yaml");
    }

    @Test
    void badHttpAddressIsReported() {
        assertEquals(List.of(
            "t.yaml:2:29: tracker.metrics.http : \"127.0.0.1:70000\" (expected: host:port such as 127.0.0.1:5674"
                + " (port 0: any free port), or off, port 0..65535)"),
            problemsOf("name: t\ntracker: { metrics: { http: \"127.0.0.1:70000\" } }\nsatellites: { s: { type: sink } }\n"));
    }

    @Test
    void httpConnectionBoundsAreCheckedWhereTheyAreWritten() {
        assertEquals(List.of(
                "t.yaml:2:40: tracker.metrics.max_connections : 0 (expected: an integer 1..10000)",
                "t.yaml:2:57: tracker.metrics.idle_timeout : \"forever\" (expected: a duration > 0 " + DURATION + ")"),
            problemsOf("name: t\ntracker: { metrics: { max_connections: 0, idle_timeout: forever } }\n"
                + "satellites: { s: { type: sink } }\n"));
    }

    @Test
    void httpConnectionBoundsAreReadIntoTheSpec() throws TopologyException {
        final TrackerSpec t = TopologyLoader.parse("name: t\ntracker: { metrics: { max_connections: 8, idle_timeout: 5s } }\n"
            + "satellites: { s: { type: sink } }\n", "t.yaml").tracker();
        assertEquals(8, t.httpMaxConnections());
        assertEquals(5_000, t.httpIdleTimeoutMs());
        final TrackerSpec defaults = TopologyLoader.parse("name: t\nsatellites: { s: { type: sink } }\n", "t.yaml").tracker();
        assertEquals(TrackerSpec.DEFAULT_HTTP_MAX_CONNECTIONS, defaults.httpMaxConnections());
        assertEquals(TrackerSpec.DEFAULT_HTTP_IDLE_TIMEOUT_MS, defaults.httpIdleTimeoutMs());
    }

    @Test
    void badGraphiteAddressIsReported() {
        assertEquals(List.of(
            "t.yaml:2:33: tracker.metrics.graphite : \"localhost\" (expected: host:port such as 127.0.0.1:2003)"),
            problemsOf("name: t\ntracker: { metrics: { graphite: localhost } }\nsatellites: { s: { type: sink } }\n"));
    }

    @Test
    void missingNameAndSatellitesAreReportedAtTheTopMap() {
        assertEquals(List.of(
            "t.yaml:2:1: name : missing (expected: a topology name matching [A-Za-z0-9_-]+)",
            "t.yaml:2:1: satellites : missing (expected: a map of satellites by name)"),
            problemsOf("# a topology without its two required keys\norchester: { host: 127.0.0.1 }\n"));
    }

    @Test
    void nameThatCannotBeAMetricNameIsReported() {
        assertEquals(List.of("t.yaml:1:7: name : \"hello world\" (expected: a topology name matching [A-Za-z0-9_-]+)"),
            problemsOf("name: hello world\nsatellites: { s: { type: sink } }\n"));
    }

    @Test
    void emptySatellitesIsReported() {
        assertEquals(List.of("t.yaml:2:13: satellites : no satellites (expected: at least one satellite)"),
            problemsOf("name: t\nsatellites: {}\n"));
    }

    @Test
    void satelliteWithNeitherTypeNorClassIsReported() {
        assertEquals(List.of("t.yaml:3:3: satellites.gen : neither type, class nor command (expected: exactly one of type, class, command)"),
            problemsOf(withSatellites("gen: { instances: 2 }")));
    }

    @Test
    void satelliteWithBothTypeAndClassIsReported() {
        assertEquals(List.of("t.yaml:3:3: satellites.gen : both type and class (expected: exactly one of type, class, command)"),
            problemsOf(withSatellites("gen: { type: sink, class: com.example.Gen }")));
    }

    @Test
    void satelliteThatIsNotAMapIsReported() {
        assertEquals(List.of("t.yaml:3:8: satellites.gen : \"generator\" (expected: a map with type, class or command)"),
            problemsOf(withSatellites("gen: generator")));
    }

    @Test
    void unknownBuiltInTypeSuggestsTheClosestType() {
        assertEquals(List.of("t.yaml:3:16: satellites.gen.type : \"generater\" (expected one of: feed, fetcher,"
            + " generator, parser, publisher, sink, transformer; did you mean \"generator\"?)"),
            problemsOf(withSatellites("gen: { type: generater }")));
    }

    @Test
    void badClassNameAndClasspathWithATypeAreReported() {
        assertEquals(List.of(
            "t.yaml:3:15: satellites.a.class : \"com.example.\" (expected: a fully qualified class name such as"
                + " com.example.Audit)",
            "t.yaml:4:31: satellites.b.classpath : given with a built-in type (expected: classpath only together with class)"),
            problemsOf(withSatellites("""
                a: { class: com.example. }
                b: { type: sink, classpath: lib.jar }
                """)));
    }

    @Test
    void reservedServiceNameIsReported() {
        assertEquals(List.of("t.yaml:3:29: satellites.a.service : \"mmi.service\" (expected: off, or a service name matching"
            + " [A-Za-z0-9_.-]+, at most 255 characters, not starting with mmi. or satbus.)"),
            problemsOf(withSatellites("a: { type: sink, service: mmi.service }")));
    }

    @Test
    void aSatelliteNamedAfterARoleOrTheRunIsReported() {
        final String expected = " (expected: a satellite name other than orchester, tracker and run, under which the"
            + " roles and the run's accounting report their metrics)";
        assertEquals(List.of("t.yaml:3:3: satellites.tracker : \"tracker\", a reserved name" + expected,
            "t.yaml:4:3: satellites.orchester : \"orchester\", a reserved name" + expected,
            "t.yaml:5:3: satellites.run : \"run\", a reserved name" + expected),
            problemsOf(withSatellites("""
                tracker: { type: sink }
                orchester: { type: sink }
                run: { type: sink }
                """)));
    }

    @Test
    void duplicateSatelliteNameIsReportedWithBothPlaces() {
        assertEquals(List.of("t.yaml:4:3: satellites.gen : duplicate satellite name, first at line 3, column 3"
            + " (expected: each satellite name once)"),
            problemsOf(withSatellites("""
                gen: { type: generator }
                gen: { type: sink }
                """)));
    }

    @Test
    void duplicateKeyIsReportedAtAnyLevel() {
        assertEquals(List.of(
            "t.yaml:2:31: orchester.host : duplicate key, first at line 2, column 14 (expected: each key once)",
            "t.yaml:3:51: satellites.s.config.path : duplicate key, first at line 3, column 42 (expected: each key once)"),
            problemsOf("""
                name: t
                orchester: { host: a.example, host: b.example }
                satellites: { s: { type: sink, config: { path: a, path: b } } }
                """));
    }

    @Test
    void aliasIsReportedRatherThanReadAsItsName() {
        assertEquals(List.of(
            "t.yaml:4:28: satellites.b.config : alias *shared (expected: a map)"),
            problemsOf(withSatellites("""
                a: { type: sink, config: &shared { path: x } }
                b: { type: sink, config: *shared }
                """)));
    }

    @Test
    void reportsEveryProblemInFileOrder() {
        assertEquals(List.of(
            "t.yaml:1:7: name : \"a b\" (expected: a topology name matching [A-Za-z0-9_-]+)",
            "t.yaml:3:16: tracker.max_retries : \"many\" (expected: an integer 0..100)",
            "t.yaml:7:5: satellites.gen.instnces : unknown key (expected one of: " + SATELLITE_KEYS
                + "; did you mean \"instances\"?)",
            "t.yaml:8:14: satellites.gen.send_to : \"uper\", no satellite's service (expected one of: up;"
                + " did you mean \"up\"?)",
            "t.yaml:9:3: satellites.up : neither type, class nor command (expected: exactly one of type, class, command)"),
            problemsOf("""
                name: a b
                tracker:
                  max_retries: many
                satellites:
                  gen:
                    type: generator
                    instnces: 1
                    send_to: uper
                  up: { instances: 1 }
                """));
    }
}
