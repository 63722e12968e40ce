package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.supervisor.SupervisorStatus.InstanceStatus;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child that cannot start, as an operator sees it: the terminal names it and its reason in one
 * line (its last error, not a trace), {@code satbus status} too, and {@code --until-drained} ends
 * the run, not drained, within a bounded time instead of waiting forever.
 */
class FailingChildIT {
    /** How long a run that cannot make progress may take to say so and end, on a loaded machine. */
    private static final Duration BOUND = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aJavaSatelliteWhoseClassIsNotInItsJarIsNamedWithItsReasonAndTheRunEndsNotDrained() throws Exception {
        final Path jar = dir.resolve("empty.jar");
        try (JarOutputStream empty = new JarOutputStream(Files.newOutputStream(jar))) {
            empty.flush();
        }
        final String out = runUntilDrained("nojar", "  nope: { class: com.example.Nope, classpath: empty.jar, send_to: out }\n"
            + "  out:  { type: sink }\n", "nope");
        assertTrue(out.lines().anyMatch(l -> l.contains("failing: nope.0 ") && l.contains("com.example.Nope not found")),
            "a line names nope.0 and why: " + out);
        assertTrue(out.contains("satbus: nojar: the run cannot make progress: nope.0 cannot start"), out);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aCommandSatelliteThatExitsAtOnceIsNamedWithItsLastErrorLineNotItsTraceback() throws Exception {
        final String out = runUntilDrained("noexit", "  shout: { command: [sh, -c, \"" + PYTHON_WITHOUT_MSGPACK
            + "\"], send_to: out }\n  out:  { type: sink }\n", "shout");
        assertTrue(out.contains("failing: shout.0 ") && out.contains(": exit 1: ModuleNotFoundError: No module named"
            + " 'msgpack'"), out);
        assertTrue(!out.contains("Traceback") && !out.contains("line 12"), "no trace: " + out);
        assertCannotStart(out, "satbus: noexit: the run cannot make progress: shout.0",
            "exit 1: ModuleNotFoundError: No module named 'msgpack'");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theShippedPythonExampleWithoutItsModulesSaysWhatItNeeds() throws Exception {
        // python3 -S has no site-packages: no pyzmq, no msgpack, whatever this machine has installed.
        final Path shout = TestTopologies.repoRoot().resolve("docs/examples/python/shout.py");
        final String out = runUntilDrained("nomodules", "  shout: { command: [python3, -S, " + shout
            + "], send_to: out }\n  out:  { type: sink }\n", "shout");
        assertCannotStart(out, "satbus: nomodules: the run cannot make progress: shout.0",
            "exit 1: shout.py needs the Python modules pyzmq and msgpack");
        assertTrue(out.contains("requirements.txt") && out.contains("apt-get install python3-zmq python3-msgpack"), out);
        assertTrue(!out.contains("Traceback"), "no traceback: " + out);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void anOrchesterWhosePortIsTakenIsNamedWithItsReasonAndTheRunEndsNotDrained() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final int[] p = Ports.freePorts(2);
            final Path file = dir.resolve("taken.yaml");
            Files.writeString(file, "name: taken\norchester: { host: 127.0.0.1, service_port: " + taken.getLocalPort()
                + ", pub_port: " + p[0] + ", sub_port: " + p[1] + " }\n" + TestTopologies.trackerOnAnyPort()
                + "satellites:\n  out: { type: sink }\n");
            try (SatbusProcess run = SatbusProcess.start(dir, "run", file.toString(), "--until-drained", "--progress", "500ms")) {
                assertEquals(Satbus.EXIT_NOT_DRAINED, run.waitFor(BOUND), () -> out(run));
                final String out = run.out();
                assertCannotStart(out, "satbus: taken: the run cannot make progress: orchester", "exit 2:");
                assertTrue(out.contains("service_port : 127.0.0.1:" + taken.getLocalPort() + " is already in use"), out);
                assertTrue(!out.contains("\tat "), "no trace: " + out);
            }
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void statusShowsAFailingChildWithItsReason() throws Exception {
        final Path file = topology("status", "  shout: { command: [sh, -c, \"" + PYTHON_WITHOUT_MSGPACK
            + "\"], send_to: out }\n  out:  { type: sink }\n");
        try (SatbusProcess run = SatbusProcess.start(dir, "run", file.toString(), "--progress", "500ms")) {
            assertTrue(Eventually.within(() -> out(run).contains("failing: shout.0 cannot start"), BOUND),
                () -> out(run));
            try (SatbusProcess status = SatbusProcess.start(dir, "status", file.toString(), "--timeout", "30s")) {
                assertEquals(0, status.waitFor(Duration.ofMinutes(1)), () -> out(status));
                assertTrue(status.out().contains("failing: shout.0 ")
                    && status.out().contains("exit 1: ModuleNotFoundError: No module named 'msgpack'"), status.out());
            }
            run.process().destroy();
            run.waitFor(Duration.ofMinutes(1));
        }
    }

    /** A program that dies at once as Python does without msgpack: a traceback on stderr, exit 1. */
    private static final String PYTHON_WITHOUT_MSGPACK = "echo 'Traceback (most recent call last):' >&2;"
        + " echo '  File \\\"shout.py\\\", line 12, in <module>' >&2; echo '    import msgpack' >&2;"
        + " echo \\\"ModuleNotFoundError: No module named 'msgpack'\\\" >&2; exit 1";

    private Path topology(final String name, final String satellites) throws IOException {
        final Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\n" + TestTopologies.orchesterOnFreePorts()
            + TestTopologies.trackerOnAnyPort() + "satellites:\n  gen: { type: generator, send_to: "
            + satellites.strip().split(":")[0] + ", config: { count: 10 } }\n" + satellites);
        return file;
    }

    /** Runs a topology with a generator feeding {@code first} until drained; its stdout, once it ended not drained. */
    private String runUntilDrained(final String name, final String satellites, final String first) throws Exception {
        final Path file = topology(name, satellites);
        assertTrue(Files.readString(file).contains("send_to: " + first), Files.readString(file));
        try (SatbusProcess run = SatbusProcess.start(dir, "run", file.toString(), "--until-drained", "--progress", "500ms")) {
            assertEquals(Satbus.EXIT_NOT_DRAINED, run.waitFor(BOUND), () -> out(run));
            final String out = run.out();
            assertTrue(out.contains("satbus: " + name + " NOT drained: "), out);
            return out;
        }
    }

    /**
     * {@code out} has the line {@code <who> cannot start (N tries): <why>...} with N at least the
     * supervisor's threshold: the run stops on its next progress tick, by which time on a busy
     * machine the supervisor may have tried once more.
     */
    private static void assertCannotStart(final String out, final String who, final String why) {
        final Matcher m = Pattern.compile(Pattern.quote(who) + " cannot start \\((\\d+) tries\\): " + Pattern.quote(why))
            .matcher(out);
        assertTrue(m.find(), () -> "\"" + who + " cannot start (N tries): " + why + "\" in: " + out);
        assertTrue(Integer.parseInt(m.group(1)) >= InstanceStatus.CANNOT_START, () -> m.group() + " in: " + out);
    }

    private static String out(final SatbusProcess p) {
        try {
            return p.out() + "\nstderr:\n" + p.err();
        } catch (IOException ex) {
            return ex.toString();
        }
    }
}
