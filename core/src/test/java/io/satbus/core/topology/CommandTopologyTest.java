package io.satbus.core.topology;

import static io.satbus.core.topology.TopologyAssertions.problemsOf;
import static io.satbus.core.topology.TopologyAssertions.withSatellites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A satellite's {@code command} key: what it reads into, and every problem it reports, with line and column. */
class CommandTopologyTest {
    private static final String COMMAND =
        "(expected: a non-empty list of strings, the program and its arguments, such as [python3, worker.py])";
    private static final String ONE_KIND = "(expected: exactly one of type, class, command)";

    @TempDir
    Path dir;

    private static SatelliteSpec shout(final String satellites) throws TopologyException {
        return TopologyLoader.parse(withSatellites(satellites), "t.yaml").satellite("shout");
    }

    @Test
    void readsTheArgvAndEveryWiringKeyAsForAJavaSatellite() throws TopologyException {
        final SatelliteSpec s = shout("""
            shout:
              command: [python3, shout.py, --loud, 3]
              instances: 2
              send_to: out
              publish: [events, alerts]
              credit: 10
              timeout: 2s
              max_retries: 1
              config: { marks: 2 }
              autoscale: { min: 1, max: 3 }
            out: { type: sink }
            """);
        assertEquals(List.of("python3", "shout.py", "--loud", "3"), s.command().argv(), "numbers are read as their text");
        assertNull(s.command().directory(), "not read from a file: the starting process's folder");
        assertTrue(s.isCommand());
        assertNull(s.type());
        assertNull(s.className());
        assertEquals("shout", s.service(), "a command satellite works for its name by default, as a class does");
        assertEquals("out", s.sendTo());
        assertEquals(List.of("events", "alerts"), s.publish());
        assertEquals(10, s.credit());
        assertEquals(2000, s.timeoutMs());
        assertEquals(1, s.maxRetries());
        assertEquals(Map.of("marks", 2), s.config());
        assertEquals(new AutoscaleSpec(1, 3, 0.8, 0.2, 5_000, 30_000), s.autoscale());
        assertEquals(s.command(), s.withInstances(3).command(), "scaling keeps the command");
    }

    @Test
    void serviceOffMakesACommandSatelliteASource() throws TopologyException {
        final SatelliteSpec s = shout("""
            shout: { command: [./gen.sh], service: off, send_to: out }
            out: { type: sink }
            """);
        assertNull(s.service());
        assertFalse(s.isWorker());
    }

    @Test
    void aJavaSatelliteHasNoCommand() throws TopologyException {
        assertFalse(TopologyLoader.parse(withSatellites("s: { type: sink }"), "t.yaml").satellite("s").isCommand());
    }

    @Test
    void readFromAFileItRunsInTheFilesFolderAndItsProgramPathIsResolvedThere() throws Exception {
        final Path bin = Files.createDirectories(dir.resolve("bin"));
        final Path worker = Files.writeString(bin.resolve("worker"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(worker, PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path file = Files.writeString(dir.resolve("t.yaml"), withSatellites("""
            shout: { command: [bin/worker, data/in.txt] }
            py: { command: [python3, shout.py] }
            """));
        final Topology t = TopologyLoader.load(file);
        final CommandSpec shout = t.satellite("shout").command();
        assertEquals(List.of(worker.toString(), "data/in.txt"), shout.argv(),
            "the program path resolved; arguments as written, relative to the working directory");
        assertEquals(dir.toAbsolutePath().toString(), shout.directory());
        assertEquals(List.of("python3", "shout.py"), t.satellite("py").command().argv(), "a bare name is left to PATH");
    }

    @Test
    void aProgramPathThatIsMissingOrNotExecutableIsReported() throws Exception {
        Files.writeString(dir.resolve("plain.sh"), "#!/bin/sh\n");
        final Path file = Files.writeString(dir.resolve("t.yaml"), withSatellites("""
            a: { command: [bin/nope] }
            b: { command: [./plain.sh, x] }
            """));
        final TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.load(file));
        assertEquals(List.of(
            file + ":3:18: satellites.a.command[0] : \"bin/nope\" not found at " + dir.resolve("bin/nope")
                + " (expected: a program file, relative to the topology file's folder, or a program name looked up on PATH)",
            file + ":4:18: satellites.b.command[0] : \"./plain.sh\" at " + dir.resolve("plain.sh") + " is not executable"
                + " (expected: an executable file (chmod +x), or its interpreter first, such as [python3, ./plain.sh])"),
            e.problems().stream().map(TopologyProblem::toString).toList());
    }

    @Test
    void anEmptyListIsReported() {
        assertEquals(List.of("t.yaml:3:21: satellites.shout.command : an empty list " + COMMAND),
            problemsOf(withSatellites("shout: { command: [] }")));
    }

    @Test
    void aStringInsteadOfAListIsReportedNotSplit() {
        assertEquals(List.of("t.yaml:3:21: satellites.shout.command : \"python3 shout.py\" " + COMMAND),
            problemsOf(withSatellites("shout: { command: python3 shout.py }")));
    }

    @Test
    void elementsThatAreNotStringsAreReportedEachAtItsPlace() {
        assertEquals(List.of(
            "t.yaml:3:31: satellites.shout.command[1] : true (expected: a string)",
            "t.yaml:3:37: satellites.shout.command[2] : a map (expected: a string)",
            "t.yaml:3:47: satellites.shout.command[3] : a list (expected: a string)"),
            problemsOf(withSatellites("shout: { command: [python3, true, { a: 1 }, [x]] }")));
    }

    @Test
    void anEmptyProgramIsReported() {
        assertEquals(List.of("t.yaml:3:22: satellites.shout.command[0] : \"\" (expected: a program name or path)"),
            problemsOf(withSatellites("shout: { command: [\"\", shout.py] }")));
    }

    @Test
    void commandWithTypeOrClassIsReported() {
        assertEquals(List.of("t.yaml:3:3: satellites.shout : both type and command " + ONE_KIND),
            problemsOf(withSatellites("shout: { type: transformer, command: [python3, shout.py] }")));
        assertEquals(List.of("t.yaml:3:3: satellites.shout : both class and command " + ONE_KIND),
            problemsOf(withSatellites("shout: { class: com.example.Shout, command: [python3, shout.py] }")));
        assertEquals(List.of("t.yaml:3:3: satellites.shout : type, class and command " + ONE_KIND),
            problemsOf(withSatellites("shout: { type: sink, class: com.example.Shout, command: [python3] }")));
    }

    @Test
    void classpathWithACommandIsReported() {
        assertEquals(List.of("t.yaml:3:53: satellites.shout.classpath : given with command"
                + " (expected: classpath only together with class)"),
            problemsOf(withSatellites("shout: { command: [python3, shout.py], classpath: lib }")));
    }

    @Test
    void sendToACommandSatellitesServiceIsWiredAsAnyOther() throws TopologyException {
        final Topology t = TopologyLoader.parse(withSatellites("""
            gen: { type: generator, send_to: shout }
            shout: { command: [python3, shout.py], send_to: out }
            out: { type: sink }
            """), "t.yaml");
        assertEquals("shout", t.satellite("gen").sendTo());
        assertEquals(List.of("t.yaml:3:51: satellites.shout.send_to : \"shout\", its own service"
                + " (expected: the service of another satellite)"),
            problemsOf(withSatellites("shout: { command: [python3, shout.py], send_to: shout }")));
    }
}
