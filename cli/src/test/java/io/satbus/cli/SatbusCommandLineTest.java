package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.testing.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** The command line itself: parsing, exit codes and messages, without starting anything. */
class SatbusCommandLineTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine cl = Satbus.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void validateOfTheHelloExampleSaysValidAndExitsZero() {
        final Path hello = TestTopologies.repoRoot().resolve("topologies/hello.yaml");
        assertEquals(0, run("validate", hello.toString()), err::toString);
        assertTrue(out.toString().contains("topology hello is valid: 3 satellites, 4 instances"), out.toString());
    }

    @Test
    void validateOfAMissingFileIsABadInputNotAStackTrace() {
        assertEquals(Satbus.EXIT_BAD_INPUT, run("validate", dir.resolve("nope.yaml").toString()));
        assertTrue(err.toString().contains("nope.yaml"), err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void validateReportsTheLineOfAnUnknownType() throws Exception {
        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: x\nsatellites:\n  a: { type: genrator }\n");
        assertEquals(Satbus.EXIT_BAD_INPUT, run("validate", bad.toString()));
        assertTrue(err.toString().contains(bad + ":3:"), err.toString());
        assertTrue(err.toString().contains("did you mean \"generator\""), err.toString());
        assertTrue(err.toString().contains("1 problem(s); nothing was started."), err.toString());
    }

    @Test
    void unknownOptionIsAUsageErrorNamingIt() {
        assertEquals(2, run("run", "topologies/hello.yaml", "--untill-drained"));
        assertTrue(err.toString().contains("--untill-drained"), err.toString());
    }

    @Test
    void statusWithoutTopologyOrEndpointSaysWhatIsMissing() {
        assertEquals(2, run("status"));
        assertTrue(err.toString().contains("Missing TOPOLOGY or --endpoint"), err.toString());
    }

    @Test
    void dashboardOfHelloGraphsEverySatellite() throws Exception {
        final Path hello = TestTopologies.repoRoot().resolve("topologies/hello.yaml");
        final Path file = dir.resolve("hello-dashboard.json");
        assertEquals(0, run("dashboard", hello.toString(), "--out", file.toString()), err::toString);
        final com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(Files.readString(file));
        final String targets = doc.findValues("target").toString();
        for (String satellite : new String[] {"gen", "upper", "out"}) {
            assertTrue(targets.contains("satbus.hello." + satellite + "."), satellite + " in " + targets);
        }
        assertTrue(targets.contains("latency"), "a latency graph: " + targets);
    }

    @Test
    void dashboardToAGraphiteThatDoesNotAnswerFailsSayingWhere() throws Exception {
        final Path hello = TestTopologies.repoRoot().resolve("topologies/hello.yaml");
        final int closed = Ports.freePorts(1)[0];
        assertEquals(1, run("dashboard", hello.toString(), "--graphite", "http://127.0.0.1:" + closed));
        assertTrue(err.toString().contains("satbus: graphite http://127.0.0.1:" + closed
            + "/dashboard/save/satbus-hello : cannot connect"), err.toString());
        assertEquals(1, err.toString().lines().filter(l -> !l.isBlank()).count(), err.toString());
    }

    @Test
    void dashboardToAGraphiteThatIsNotAUrlIsACommandLineMistake() {
        final Path hello = TestTopologies.repoRoot().resolve("topologies/hello.yaml");
        assertEquals(2, run("dashboard", hello.toString(), "--graphite", "127.0.0.1:8080"));
        assertTrue(err.toString().contains("--graphite : \"127.0.0.1:8080\" (expected: graphite-web's URL"), err.toString());
    }

    @Test
    void durationsReadAsInTopologyFiles() {
        final DurationConverter c = new DurationConverter();
        assertEquals(Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(Duration.ofSeconds(10), c.convert("10s"));
        assertEquals(Duration.ofMinutes(2), c.convert("2m"));
        assertEquals(Duration.ofSeconds(3), c.convert("PT3S"));
        final TypeConversionException ex = assertThrows(TypeConversionException.class, () -> c.convert("ten seconds"));
        assertTrue(ex.getMessage().contains("'ten seconds' is not a duration"), ex.getMessage());
    }
}
