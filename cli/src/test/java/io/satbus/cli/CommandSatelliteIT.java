package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.supervisor.SupervisorStatus;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A satellite in another language under {@code satbus run}: docs/examples/python's shout worker
 * (pyzmq, msgpack), declared with {@code command:}, started, restarted and drained by the
 * supervisor like a Java one. Fails, never skips, without python3 and its two modules.
 */
class CommandSatelliteIT {
    private static final Path EXAMPLE = Path.of("docs/examples/python");
    private static final String PACKAGES = "python3-zmq python3-msgpack";
    private static final Pattern DRAINED = RunFolder.DRAINED;
    private static final Pattern SHOUTED = Pattern.compile("HELLO (\\d+)!");
    /** A drained run's last line: generated, delivered, duplicates (when counted), dead, lost (when counted). */
    private static final Pattern CUSTODY_DRAINED = Pattern.compile(
        "(\\S+) drained: generated (\\d+), delivered (\\d+)(?:, duplicates (\\d+))?, dead (\\d+)(?:, lost (\\d+))?");

    @TempDir
    Path dir;

    /** A folder whose {@code python3} can import zmq and msgpack, first on the PATH of every satbus run here. */
    private Path python;

    /**
     * Finds a python3 that has both modules: the one on PATH, else Debian's /usr/bin/python3 (a
     * pyenv or venv python3 on PATH may lack them while the Debian packages are installed), and
     * puts it first on the PATH of the satbus processes, so that the topologies say {@code python3}
     * as users write them.
     */
    @BeforeEach
    void needsPython3WithZmqAndMsgpack() throws Exception {
        python = Python3.binWith(dir, PACKAGES, "zmq", "msgpack");
    }

    @Test
    void theWritingSatellitesPageShowsTheExampleTopologyVerbatim() throws IOException {
        final Path root = TestTopologies.repoRoot();
        final String page = Files.readString(root.resolve("docs/writing-satellites.md"));
        assertTrue(page.contains(Files.readString(root.resolve(EXAMPLE).resolve("shout.yaml")).strip()),
            "writing-satellites.md must show shout.yaml as it is");
    }

    /** The example as the docs run it: 200 messages through two Python instances, each shouted once. */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void thePythonExampleRunsUntilDrainedAndShoutsEveryMessageOnce() throws Exception {
        final Path file = example();
        try (SatbusProcess run = SatbusProcess.startWithPath(python, dir, "run", file.toString(), "--until-drained", "--progress", "200ms")) {
            assertEquals(0, run.waitFor(Duration.ofMinutes(3)), () -> text(run));
            final Matcher m = DRAINED.matcher(run.out());
            assertTrue(m.find() && m.group(2).equals("200") && m.group(3).equals("200"), () -> text(run));
            assertTrue(run.out().matches("(?s).*\\| shout 2/2 200 .*"), () -> "shout's reports reach the live view: "
                + text(run));
        }
        final List<String> lines = Files.readAllLines(dir.resolve("out/shout.txt"));
        assertEquals(200, lines.size(), "one line per message");
        final Set<String> ids = new HashSet<>();
        final BitSet sequences = new BitSet();
        for (String line : lines) {
            final String[] idAndText = line.split("\t", 2);
            ids.add(idAndText[0]);
            final Matcher shouted = SHOUTED.matcher(idAndText[1]);
            assertTrue(shouted.matches(), "the generator's \"hello N\" upper-cased, with \"!\": " + line);
            sequences.set(Integer.parseInt(shouted.group(1)));
        }
        assertEquals(200, ids.size(), "every message's id passed on, each once");
        assertEquals(200, sequences.nextClearBit(0), "hello 0..199 all shouted");
        final Path runDir = onlyRunFolder();
        for (String label : List.of("shout.0", "shout.1")) {
            final List<String> log = Files.readAllLines(runDir.resolve(label + ".log"));
            assertTrue(log.stream().allMatch(l -> l.startsWith(label + " | ")), "every log line names its instance");
            assertTrue(log.stream().anyMatch(l -> l.contains("registered for shout")), () -> String.join("\n", log));
            assertTrue(log.stream().noneMatch(l -> l.contains("@satbus")), "reports are read, not logged");
        }
    }

    /**
     * The Python example against a secured orchester, its key from the environment
     * (SATBUS_KEY_FILE, SATBUS_SERVER_KEY): every message shouted once, over CURVE only.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void thePythonExampleWorksAgainstASecuredOrchesterWithItsKeyFromTheEnvironment() throws Exception {
        for (String name : List.of("orchester", "supervisor", "gen", "shout", "out")) {
            io.satbus.core.security.KeyFiles.create(dir.resolve("keys"), name);
        }
        final Path file = example();
        Files.writeString(file, Files.readString(file) + "security: { keys: keys }\n");
        try (SatbusProcess run = SatbusProcess.startWithPath(python, dir, "run", file.toString(), "--until-drained",
            "--progress", "200ms")) {
            assertEquals(0, run.waitFor(Duration.ofMinutes(3)), () -> text(run));
            final Matcher m = DRAINED.matcher(run.out());
            assertTrue(m.find() && m.group(2).equals("200") && m.group(3).equals("200"), () -> text(run));
        }
        final List<String> lines = Files.readAllLines(dir.resolve("out/shout.txt"));
        assertEquals(200, lines.size(), "one line per message");
        assertTrue(lines.stream().allMatch(l -> SHOUTED.matcher(l.split("\t", 2)[1]).matches()), "each one shouted");
    }

    /**
     * kill -9 one Python instance mid-run: the supervisor starts it again (a new pid in its
     * status), the orchester retries what it held, and every message arrives, duplicates only as
     * counted by the run.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aKilledPythonInstanceIsRestartedAndEveryMessageStillArrives() throws Exception {
        final int[] ports = Ports.freePorts(3);
        final String endpoint = "tcp://127.0.0.1:" + ports[0];
        Files.copy(TestTopologies.repoRoot().resolve(EXAMPLE).resolve("shout.py"), dir.resolve("shout.py"));
        final Path file = Files.writeString(dir.resolve("killed.yaml"), "name: killed\n"
            + "orchester: { host: 127.0.0.1, service_port: " + ports[0] + ", pub_port: " + ports[1] + ", sub_port: "
            + ports[2] + ", heartbeat_interval: 200ms, heartbeat_liveness: 25 }\n"
            + "tracker: { timeout: 10s, max_retries: 5, " + TestTopologies.METRICS_ON_ANY_PORT + " }\n"
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: shout, config: { count: 600, rate: 50, payload: hello, payload_size: 0 } }\n"
            + "  shout: { command: [python3, shout.py], instances: 2, send_to: out }\n"
            + "  out:   { type: sink, config: { path: out/shout.txt } }\n");
        try (SatbusProcess run = SatbusProcess.startWithPath(python, dir, "run", file.toString(), "--until-drained", "--progress", "500ms")) {
            assertTrue(Eventually.within(() -> sinkLines() >= 100, Duration.ofSeconds(90)),
                () -> "run never got going: " + text(run));
            final long killed = RunFolder.pid(dir, "shout.0");
            new ProcessBuilder("kill", "-9", Long.toString(killed)).inheritIO().start().waitFor();
            assertTrue(Eventually.within(() -> restarted(endpoint, killed), Duration.ofSeconds(60)),
                () -> "shout.0 not restarted: " + RunFolder.status(endpoint, "main") + "\n" + text(run));
            final List<ProcessHandle> children = RunFolder.descendants(run.process().pid());

            assertEquals(0, run.waitFor(Duration.ofMinutes(3)), () -> text(run));
            assertTrue(Eventually.within(() -> RunFolder.allGone(children), Duration.ofSeconds(10)),
                "children left behind: " + children.stream().filter(ProcessHandle::isAlive).toList());
            final Matcher m = DRAINED.matcher(run.out());
            assertTrue(m.find() && m.group(2).equals("600"), () -> text(run));
            RunFolder.assertEverySequenceInSink(dir.resolve("out/shout.txt"), SHOUTED, 600, Integer.parseInt(m.group(3)));
        }
    }

    /**
     * kill -9 of the orchester while both Python instances hold work: 400 messages sent at once,
     * each instance holding up to its credit of requests whose replies wait for their onward
     * sends, which wait in turn for a slow transformer. The supervisor restarts the orchester,
     * every satellite sends again what it keeps under the same ids, repeats are answered, and
     * every sequence reaches the sink: the run drains with nothing lost or dead and exits 0.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aKilledOrchesterLosesNothingThePythonInstancesHeld() throws Exception {
        final int[] ports = Ports.freePorts(3);
        final String endpoint = "tcp://127.0.0.1:" + ports[0];
        Files.copy(TestTopologies.repoRoot().resolve(EXAMPLE).resolve("shout.py"), dir.resolve("shout.py"));
        final Path file = Files.writeString(dir.resolve("custody.yaml"), "name: custody\n"
            + "orchester: { host: 127.0.0.1, service_port: " + ports[0] + ", pub_port: " + ports[1] + ", sub_port: "
            + ports[2] + ", heartbeat_interval: 200ms, heartbeat_liveness: 25 }\n"
            + "tracker: { timeout: 30s, max_retries: 5, " + TestTopologies.METRICS_ON_ANY_PORT + " }\n"
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: shout, config: { count: 400, payload: hello, payload_size: 0 } }\n"
            + "  shout: { command: [python3, shout.py], instances: 2, credit: 50, send_to: slow }\n"
            + "  slow:  { type: transformer, credit: 10, send_to: out, config: { op: identity, delay: 20ms } }\n"
            + "  out:   { type: sink, config: { path: out/shout.txt } }\n");
        try (SatbusProcess run = SatbusProcess.startWithPath(python, dir, "run", file.toString(), "--until-drained",
            "--progress", "500ms")) {
            assertTrue(Eventually.within(() -> sinkLines() >= 30 && bothHoldWork(endpoint),
                Duration.ofSeconds(90)),
                () -> "the Python instances never held work: " + RunFolder.status(endpoint, "main") + "\n" + text(run));
            final long killed = RunFolder.pid(dir, "orchester");
            assertTrue(killed > 0, "no pid file of the orchester (kill -9 " + killed + " would reach other processes)");
            new ProcessBuilder("kill", "-9", Long.toString(killed)).inheritIO().start().waitFor();
            assertTrue(Eventually.within(() -> orchesterRestarted(endpoint, killed), Duration.ofSeconds(60)),
                () -> "orchester not restarted: " + text(run));

            assertEquals(0, run.waitFor(Duration.ofMinutes(3)), () -> text(run));
            final Matcher m = CUSTODY_DRAINED.matcher(run.out());
            assertTrue(m.find(), () -> text(run));
            final String lost = m.group(6) == null ? "0" : m.group(6);
            assertEquals(List.of("400", "0", "0"), List.of(m.group(2), m.group(5), lost),
                () -> "generated 400, dead 0, lost 0: " + m.group());
            RunFolder.assertEverySequenceInSink(dir.resolve("out/shout.txt"), SHOUTED, 400,
                Integer.parseInt(m.group(3)));
        }
        final Path runDir = onlyRunFolder();
        final List<String> logs = new ArrayList<>();
        for (String label : List.of("shout.0", "shout.1")) {
            logs.addAll(Files.readAllLines(runDir.resolve(label + ".log")));
        }
        assertTrue(logs.stream().anyMatch(l -> l.contains("reconnecting: the connection dropped")),
            () -> String.join("\n", logs));
        assertTrue(logs.stream().anyMatch(l -> l.matches(".*resent [1-9]\\d* sends kept across the reconnect")),
            () -> "what the Python instances held at the kill went again: " + String.join("\n", logs));
    }

    /**
     * The role verb systemd runs: the program with the supervisor's environment, satbus's
     * stdout, its exit code; SIGTERM becomes {@code stop} on its stdin, though satbus's own stdin
     * is {@code /dev/null}.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theSatelliteVerbRunsTheProgramAndTurnsSigtermIntoStop() throws Exception {
        final Path file = Files.writeString(dir.resolve("verb.yaml"), "name: verb\n" + TestTopologies.orchesterOnFreePorts()
            + "satellites:\n"
            + "  once: { instances: 4, command: [sh, -c, 'echo \"$SATBUS_SATELLITE.$SATBUS_INSTANCE $SATBUS_REPORT_INTERVAL_MS $PWD\"; exit 7'] }\n"
            + "  waits: { command: [sh, -c, 'read line; echo \"read $line\"'] }\n");
        try (SatbusProcess once = SatbusProcess.startWithPath(python, dir, "satellite", "once", "--instance", "3", file.toString())) {
            assertEquals(7, once.waitFor(Duration.ofMinutes(1)), () -> text(once));
            assertTrue(once.out().contains("once.3 0 " + dir.toRealPath()), () -> text(once));
        }
        try (SatbusProcess waits = SatbusProcess.startWithPath(python, dir, "satellite", "waits", file.toString())) {
            assertTrue(Eventually.within(() -> said(waits, "running"), Duration.ofMinutes(1)), () -> text(waits));
            new ProcessBuilder("kill", "-TERM", Long.toString(waits.process().pid())).inheritIO().start().waitFor();
            assertEquals(0, waits.waitFor(Duration.ofMinutes(1)), () -> text(waits));
            assertTrue(waits.out().contains("read stop"), () -> text(waits));
        }
    }

    /** A command satellite needs processes: --in-process and bench say so by name, as a user error. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void inProcessAndBenchRefuseACommandSatelliteByName() throws Exception {
        final Path file = example();
        try (SatbusProcess validate = SatbusProcess.startWithPath(python, dir, "validate", file.toString())) {
            assertEquals(0, validate.waitFor(Duration.ofMinutes(1)), () -> text(validate));
        }
        try (SatbusProcess run = SatbusProcess.startWithPath(python, dir, "run", file.toString(), "--in-process", "--until-drained")) {
            assertEquals(Satbus.EXIT_BAD_INPUT, run.waitFor(Duration.ofMinutes(1)), () -> text(run));
            assertTrue(run.err().contains("satbus: satellites.shout : a command satellite (python3 shout.py), which"
                + " --in-process cannot host"), () -> text(run));
            assertTrue(!run.err().contains("\tat "), () -> "no stack trace: " + text(run));
        }
        try (SatbusProcess bench = SatbusProcess.startWithPath(python, dir, "bench", file.toString())) {
            assertEquals(Satbus.EXIT_BAD_INPUT, bench.waitFor(Duration.ofMinutes(1)), () -> text(bench));
            assertTrue(bench.err().contains("satbus: satellites.shout : a command satellite (python3 shout.py), which"
                + " satbus bench cannot host"), () -> text(bench));
        }
    }

    /** The example topology and program, copied here, its orchester on free ports and forgiving of a loaded machine. */
    private Path example() throws IOException {
        final Path root = TestTopologies.repoRoot().resolve(EXAMPLE);
        Files.copy(root.resolve("shout.py"), dir.resolve("shout.py"));
        return TestTopologies.onFreePorts(root.resolve("shout.yaml"), dir); // with heartbeat and deadline slack
    }

    private static boolean restarted(final String endpoint, final long oldPid) {
        final SupervisorStatus s = RunFolder.status(endpoint, "main");
        return s != null && s.instancesOf("shout").stream()
            .anyMatch(i -> i.instance() == 0 && i.restarts() >= 1 && i.up() && i.pid() != oldPid && i.pid() > 0);
    }

    /** Both shout instances report requests whose replies they hold (waiting for their onward sends). */
    private static boolean bothHoldWork(final String endpoint) {
        final SupervisorStatus s = RunFolder.status(endpoint, "main");
        return s != null && s.instancesOf("shout").stream()
            .filter(i -> i.report() != null && i.report().inProgress() > 0 && i.report().outstanding() > 0)
            .count() == 2;
    }

    private static boolean orchesterRestarted(final String endpoint, final long oldPid) {
        final SupervisorStatus s = RunFolder.status(endpoint, "main");
        return s != null && s.orchesterProcess() != null && s.orchesterProcess().restarts() >= 1
            && s.orchesterProcess().up() && s.orchesterProcess().pid() != oldPid;
    }

    private static boolean said(final SatbusProcess p, final String text) {
        try {
            return p.err().contains(text);
        } catch (IOException ex) {
            return false;
        }
    }

    private long sinkLines() {
        try {
            final Path f = dir.resolve("out/shout.txt");
            return Files.exists(f) ? Files.readAllLines(f).size() : 0;
        } catch (IOException ex) {
            return 0;
        }
    }

    private Path onlyRunFolder() throws IOException {
        try (var runs = Files.list(dir.resolve("runs"))) {
            return runs.findFirst().orElseThrow();
        }
    }

    private static String text(final SatbusProcess p) {
        try {
            return "stdout:\n" + p.out() + "\nstderr:\n" + p.err();
        } catch (IOException ex) {
            return ex.toString();
        }
    }
}
