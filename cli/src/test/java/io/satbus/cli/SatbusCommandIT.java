package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The satbus command as a user runs it: the shaded jar in a child process. */
class SatbusCommandIT {
    /**
     * How long a run may take to drain and stop its children: on a loaded machine the default
     * 10 s may not cover a child that writes the class data archive as it exits.
     */
    static final String GRACE = "60s";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void runsHelloTopologyUntilDrainedAndAccountsForEveryMessage() throws Exception {
        final Path hello = TestTopologies.onFreePorts(TestTopologies.repoRoot().resolve("topologies/hello.yaml"), dir);
        try (SatbusProcess p = SatbusProcess.start(dir, "run", hello.toString(), "--until-drained", "--http", "127.0.0.1:0",
            "--grace", GRACE)) {
            assertEquals(0, p.waitFor(Duration.ofMinutes(2)), () -> "exit code; stdout:\n" + out(p) + "\nstderr:\n" + err(p));
            final String out = p.out();
            assertTrue(out.contains("hello drained: generated 1000, delivered 1000, duplicates 0, dead 0, lost 0"), out);
            assertTrue(out.contains("| upper 2/2 "), "progress line shows both transformer instances: " + out);
        }
        final List<String> lines = Files.readAllLines(dir.resolve("out/hello.txt"));
        assertEquals(1000, lines.size());
        assertEquals(1000, lines.stream().map(l -> l.split("\t", 2)[0]).distinct().count());
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void ctrlCStopsTheSourcesDrainsInFlightWorkAndExitsZero() throws Exception {
        final Path file = dir.resolve("endless.yaml");
        Files.writeString(file, "name: endless\n" + TestTopologies.orchesterOnFreePorts() + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: 0, rate: 500 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out }\n"
            + "  out:   { type: sink, config: { path: out/endless.txt } }\n");
        try (SatbusProcess p = SatbusProcess.start(dir, "run", file.toString(), "--progress", "200ms", "--http", "127.0.0.1:0",
            "--grace", GRACE)) {
            assertTrue(Eventually.within(() -> out(p).contains("| out ") && sinkLines(dir.resolve("out/endless.txt")) >= 100,
                Duration.ofSeconds(90)), () -> "run never got going: " + out(p) + err(p));
            new ProcessBuilder("kill", "-INT", Long.toString(p.process().pid())).inheritIO().start().waitFor();
            assertEquals(0, p.waitFor(Duration.ofMinutes(2)), () -> out(p) + err(p));
            final String out = p.out();
            final java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("endless drained: generated (\\d+), delivered (\\d+), duplicates \\d+, dead 0, lost 0").matcher(out);
            assertTrue(m.find(), out);
            final long generated = Long.parseLong(m.group(1));
            // At least once: a retry after a timeout may deliver a message twice, never lose one.
            assertTrue(Long.parseLong(m.group(2)) >= generated, "every generated message delivered: " + out);
            assertEquals(generated, distinctSinkIds(dir.resolve("out/endless.txt")), "distinct messages in the sink file");
        }
    }

    private static long distinctSinkIds(final Path file) throws java.io.IOException {
        return Files.readAllLines(file).stream().map(l -> l.split("\t", 2)[0]).distinct().count();
    }

    private static long sinkLines(final Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException ex) {
            return 0;
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void validatePrintsEveryProblemWithLocationAndExitsTwo() throws Exception {
        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
            name: bad
            satellites:
              gen: { type: generator, send_to: nowhere }
              sink: { type: sink, instnces: 2 }
            """);
        try (SatbusProcess p = SatbusProcess.start(dir, "validate", bad.toString())) {
            assertEquals(Satbus.EXIT_BAD_INPUT, p.waitFor(Duration.ofMinutes(1)));
            final String err = p.err();
            assertTrue(err.contains(bad + ":3:"), "send_to problem located on line 3: " + err);
            assertTrue(err.contains("nowhere"), err);
            assertTrue(err.contains(bad + ":4:"), "unknown key located on line 4: " + err);
            assertTrue(err.contains("did you mean \"instances\""), err);
            assertFalse(err.contains("Exception"), "no stack trace for a user error: " + err);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void validateAcceptsEveryExampleTopology() throws Exception {
        try (var files = Files.list(TestTopologies.repoRoot().resolve("topologies"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                try (SatbusProcess p = SatbusProcess.start(dir, "validate", f.toString())) {
                    assertEquals(0, p.waitFor(Duration.ofMinutes(1)), () -> f + ": " + err(p));
                    assertTrue(out(p).contains("is valid"), f + ": " + out(p));
                }
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void orchesterOnATakenPortIsAClearErrorNotAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final int[] p = Ports.freePorts(2);
            final Path file = dir.resolve("taken.yaml");
            Files.writeString(file, "name: taken\norchester: { host: 127.0.0.1, service_port: " + taken.getLocalPort()
                + ", pub_port: " + p[0] + ", sub_port: " + p[1] + " }\nsatellites:\n  out: { type: sink }\n");
            try (SatbusProcess proc = SatbusProcess.start(dir, "orchester", file.toString(), "--http", "127.0.0.1:0")) {
                assertEquals(Satbus.EXIT_BAD_INPUT, proc.waitFor(Duration.ofMinutes(1)), () -> err(proc));
                final String err = proc.err();
                assertTrue(err.contains("127.0.0.1:" + taken.getLocalPort()), err);
                assertTrue(err.contains("already in use"), err);
                assertFalse(err.contains("\tat "), "no stack trace: " + err);
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aTakenMetricsHttpPortIsAClearErrorNotAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final Path file = dir.resolve("taken-http.yaml");
            Files.writeString(file, "name: taken-http\n" + TestTopologies.orchesterOnFreePorts()
                + "satellites:\n  out: { type: sink }\n");
            final String http = "127.0.0.1:" + taken.getLocalPort();
            try (SatbusProcess proc = SatbusProcess.start(dir, "orchester", file.toString(), "--http", http)) {
                assertEquals(Satbus.EXIT_BAD_INPUT, proc.waitFor(Duration.ofMinutes(1)), () -> err(proc));
                final String err = proc.err();
                assertTrue(err.contains("metrics http : cannot listen on " + http), err);
                assertTrue(err.contains("tracker.metrics.http"), "says which setting to change: " + err);
                assertFalse(err.contains("\tat "), "no stack trace: " + err);
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void statusAsksARunningOrchesterForJson() throws Exception {
        final Path file = dir.resolve("status.yaml");
        Files.writeString(file, "name: status-check\n" + TestTopologies.orchesterOnFreePorts()
            + "satellites:\n  out: { type: sink }\n");
        try (SatbusProcess orchester = SatbusProcess.start(dir, "orchester", file.toString(), "--http", "127.0.0.1:0")) {
            assertTrue(Eventually.within(() -> out(orchester).contains("orchester of status-check"),
                Duration.ofSeconds(60)), () -> "orchester did not start: " + err(orchester));
            try (SatbusProcess status = SatbusProcess.start(dir, "status", file.toString(), "--json", "--timeout", "30s")) {
                assertEquals(0, status.waitFor(Duration.ofMinutes(1)), () -> err(status));
                final JsonNode json = new ObjectMapper().readTree(status.out());
                assertEquals("status-check", json.path("topology").asText(), status.out());
            }
            orchester.process().destroy();
            assertEquals(0, orchester.waitFor(Duration.ofSeconds(30)), "orchester exits 0 on SIGTERM");
        }
    }

    private static String out(final SatbusProcess p) {
        try {
            return p.out();
        } catch (java.io.IOException ex) {
            return ex.toString();
        }
    }

    private static String err(final SatbusProcess p) {
        try {
            return p.err();
        } catch (java.io.IOException ex) {
            return ex.toString();
        }
    }
}
