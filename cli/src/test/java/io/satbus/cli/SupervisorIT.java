package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.supervisor.SupervisorStatus;
import io.satbus.supervisor.SupervisorStatus.InstanceStatus;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code satbus run} as a supervisor of real child processes. One run serves several
 * assertions, since every child is a JVM that takes a while to start.
 */
class SupervisorIT {
    private static final Pattern SEQUENCE = Pattern.compile("MSG (\\d+)\\.*");
    /**
     * How long satbus scale and status wait for the orchester and the supervisor: their default,
     * 3 s, is a stall of either on a loaded machine, and status then leaves the supervisor out.
     */
    private static final String ANSWER_TIMEOUT = "30s";
    private static final Pattern DRAINED = RunFolder.DRAINED;

    @TempDir
    Path dir;

    /**
     * An endless generator through two transformers to a sink, plus a satellite whose open()
     * fails: kill -9 one transformer, scale it to three, watch the broken one back off and go
     * flapping, then Ctrl-C: everything generated is delivered, exit 0, no child left.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void restartsAKilledInstanceBacksOffACrashingOneAndDrainsOnCtrlCLeavingNoChild() throws Exception {
        final int[] ports = Ports.freePorts(3);
        final String endpoint = "tcp://127.0.0.1:" + ports[0];
        final Path file = dir.resolve("supervised.yaml");
        Files.writeString(file, "name: supervised\n"
            + "orchester: { host: 127.0.0.1, service_port: " + ports[0] + ", pub_port: " + ports[1] + ", sub_port: "
            + ports[2] + ", heartbeat_interval: 200ms, heartbeat_liveness: 25 }\n"
            + "tracker: { timeout: 10s, max_retries: 5, " + TestTopologies.METRICS_ON_ANY_PORT + " }\n"
            + "supervisor: { quick_restarts: 1, restart_backoff: 300ms, max_backoff: 600ms, max_restarts: 3, window: 2m }\n"
            + "satellites:\n"
            + "  gen:    { type: generator, send_to: upper, config: { count: 0, rate: 300, payload: msg, payload_size: 12 } }\n"
            + "  upper:  { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
            + "  out:    { type: sink, config: { path: out/sink.txt } }\n"
            // Its config is valid, so the topology loads; its open() fails: the folder of its file is a file.
            + "  broken: { type: sink, config: { path: supervised.yaml/cannot.txt } }\n");
        try (SatbusProcess run = SatbusProcess.start(dir, "run", file.toString(), "--progress", "500ms",
            "--grace", SatbusCommandIT.GRACE)) {
            final long supervisorPid = run.process().pid();
            assertTrue(Eventually.within(() -> sinkLines() >= 200, Duration.ofSeconds(90)),
                () -> "run never got going: " + text(run));
            final List<ProcessHandle> children = RunFolder.descendants(supervisorPid);
            assertTrue(children.size() >= 5, "orchester and four satellite processes: " + children);

            final long killed = RunFolder.pid(dir, "upper.0");
            assertTrue(killed > 0, "no pid file of upper.0 (kill -9 " + killed + " would reach other processes)");
            new ProcessBuilder("kill", "-9", Long.toString(killed)).inheritIO().start().waitFor();
            assertTrue(Eventually.within(() -> restarted(endpoint, "upper", 0, killed), Duration.ofSeconds(60)),
                () -> "upper.0 not restarted: " + RunFolder.status(endpoint, "main"));

            try (SatbusProcess scale = SatbusProcess.start(dir, "scale", "upper", "3", file.toString(), "--timeout", ANSWER_TIMEOUT)) {
                assertEquals(0, scale.waitFor(Duration.ofMinutes(1)), () -> text(scale));
            }
            assertTrue(Eventually.within(() -> up(endpoint, "upper") == 3, Duration.ofSeconds(60)),
                () -> "upper not scaled to 3: " + RunFolder.status(endpoint, "main"));

            final SupervisorStatus[] flapped = new SupervisorStatus[1];
            assertTrue(Eventually.within(() -> flapping(flapped[0] = RunFolder.status(endpoint, "main")),
                Duration.ofSeconds(90)), () -> "broken never flapping: " + RunFolder.status(endpoint, "main"));
            final InstanceStatus broken = flapped[0].instancesOf("broken").get(0);
            assertEquals(3, broken.restarts(), "quick, then 300 ms, then 600 ms; the fourth exit is flapping");
            final List<Long> at = broken.restartAtMs();
            assertTrue(at.get(1) - at.get(0) >= 300, "second restart waited the backoff: " + at);
            assertTrue(at.get(2) - at.get(1) >= 600, "third restart waited twice the backoff: " + at);
            try (SatbusProcess status = SatbusProcess.start(dir, "status", file.toString(), "--timeout", ANSWER_TIMEOUT)) {
                assertEquals(0, status.waitFor(Duration.ofMinutes(1)), () -> text(status));
                final String table = status.out();
                assertTrue(table.contains("FLAPPING 1"), table);
                assertTrue(table.matches("(?s).*\\nupper +3/3 .*"), table);
            }

            final List<ProcessHandle> before = RunFolder.descendants(supervisorPid);
            new ProcessBuilder("kill", "-INT", Long.toString(supervisorPid)).inheritIO().start().waitFor();
            assertEquals(0, run.waitFor(Duration.ofMinutes(2)), () -> text(run));
            assertTrue(Eventually.within(() -> RunFolder.allGone(before), Duration.ofSeconds(10)),
                "children left behind: " + before.stream().filter(ProcessHandle::isAlive).toList());

            final Matcher m = DRAINED.matcher(run.out());
            assertTrue(m.find(), () -> text(run));
            final int generated = Integer.parseInt(m.group(2));
            final int delivered = Integer.parseInt(m.group(3));
            assertTrue(delivered >= generated, "every generated message delivered: " + m.group());
            RunFolder.assertEverySequenceInSink(dir.resolve("out/sink.txt"), SEQUENCE, generated, delivered);
            assertTrue(Files.readString(dir.resolve(Files.list(dir.resolve("runs")).findFirst().orElseThrow())
                .resolve("upper.1.log")).lines().allMatch(l -> l.startsWith("upper.1 | ")), "every log line names its instance");
        }
    }

    /**
     * The same topology on two hosts of one machine: the main host runs the orchester, the
     * generator and the sink; host "edge" the transformer. Then the edge supervisor is killed
     * with SIGKILL: its children notice and exit.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void runsATopologyAcrossTwoHostsAndLeavesNoChildWhenItsSupervisorIsKilled() throws Exception {
        final int[] ports = Ports.freePorts(3);
        final String endpoint = "tcp://127.0.0.1:" + ports[0];
        final Path file = dir.resolve("two-hosts.yaml");
        Files.writeString(file, "name: two-hosts\n"
            + "orchester: { host: 127.0.0.1, service_port: " + ports[0] + ", pub_port: " + ports[1] + ", sub_port: "
            + ports[2] + ", heartbeat_interval: 200ms, heartbeat_liveness: 25 }\n"
            + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: 500, payload: msg, payload_size: 12 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out, host: edge, config: { op: upper } }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n");
        final Path edgeDir = Files.createDirectories(dir.resolve("edge"));
        try (SatbusProcess edge = SatbusProcess.start(edgeDir, "run", file.toString(), "--host", "edge");
             SatbusProcess main = SatbusProcess.start(dir, "run", file.toString(), "--until-drained",
                 "--grace", SatbusCommandIT.GRACE)) {
            assertEquals(0, main.waitFor(Duration.ofMinutes(2)), () -> text(main) + "\nedge:\n" + text(edge));
            final Matcher m = DRAINED.matcher(main.out());
            assertTrue(m.find() && m.group(2).equals("500"), () -> text(main));
            RunFolder.assertEverySequenceInSink(dir.resolve("out/sink.txt"), SEQUENCE, 500, Integer.parseInt(m.group(3)));
            assertTrue(Files.exists(edgeDir.resolve("runs")), "the edge host keeps its own run folder");
            assertNotEquals(-1, RunFolder.pid(edgeDir, "upper.1"));

            final List<ProcessHandle> children = RunFolder.descendants(edge.process().pid());
            assertEquals(2, children.size(), "the edge supervisor runs the two transformers only: " + children);
            edge.process().destroyForcibly();
            assertTrue(Eventually.within(() -> RunFolder.allGone(children), Duration.ofSeconds(20)),
                "children outlived their SIGKILLed supervisor: " + children.stream().filter(ProcessHandle::isAlive).toList());
        }
    }

    private long sinkLines() {
        try {
            final Path f = dir.resolve("out/sink.txt");
            return Files.exists(f) ? Files.readAllLines(f).size() : 0;
        } catch (java.io.IOException ex) {
            return 0;
        }
    }

    private static boolean restarted(final String endpoint, final String satellite, final int instance, final long oldPid) {
        final SupervisorStatus s = RunFolder.status(endpoint, "main");
        return s != null && s.instancesOf(satellite).stream()
            .anyMatch(i -> i.instance() == instance && i.restarts() >= 1 && i.up() && i.pid() != oldPid);
    }

    private static long up(final String endpoint, final String satellite) {
        final SupervisorStatus s = RunFolder.status(endpoint, "main");
        return s == null ? -1 : s.instancesOf(satellite).stream().filter(InstanceStatus::up).count();
    }

    private static boolean flapping(final SupervisorStatus s) {
        return s != null && s.instancesOf("broken").stream().anyMatch(InstanceStatus::flapping);
    }

    private static String text(final SatbusProcess p) {
        try {
            return "stdout:\n" + p.out() + "\nstderr:\n" + p.err();
        } catch (java.io.IOException ex) {
            return ex.toString();
        }
    }
}
