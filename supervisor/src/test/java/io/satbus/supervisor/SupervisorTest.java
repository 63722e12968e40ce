package io.satbus.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The supervisor on simulated time, with stand-in children: restarts, backoff, flapping, an
 * instance that cannot start, and stopping that wins over restarting. No process is started;
 * the five-minute SupervisorIT keeps what only real processes show.
 */
@Timeout(10)
class SupervisorTest {
    /** A child that does what the test says. */
    static final class FakeChild implements Child {
        final String label;
        boolean alive = true;
        int exitCode;
        String lastLine;
        ChildReport report;
        boolean stopAsked;

        FakeChild(final String label) {
            this.label = label;
        }

        void exit(final int code, final String line) {
            alive = false;
            exitCode = code;
            lastLine = line;
        }

        @Override
        public void requestStop() {
            stopAsked = true;
        }

        @Override
        public void kill() {
            exit(137, null);
        }

        @Override
        public boolean alive() {
            return alive;
        }

        @Override
        public int exitCode() {
            return exitCode;
        }

        @Override
        public long pid() {
            return 1000;
        }

        @Override
        public String exitReason() {
            return exitCode > 128 ? "killed by signal " + (exitCode - 128) : "exit " + exitCode + ": " + lastLine;
        }

        @Override
        public ChildReport report() {
            return report;
        }

        @Override
        public ChildReport finalReport() {
            return report;
        }

        @Override
        public boolean awaitExit(final long timeoutMs) {
            return !alive;
        }
    }

    /** Starts fake children and keeps them in order. */
    static final class FakeLauncher implements Launcher {
        final List<FakeChild> started = new ArrayList<>();

        @Override
        public Child start(final String satellite, final int instance, final String label) {
            final FakeChild c = new FakeChild(label);
            started.add(c);
            return c;
        }

        @Override
        public Child startCommand(final Topology topology, final SatelliteSpec spec, final int instance, final String label) {
            return start(spec.name(), instance, label);
        }

        FakeChild last(final String label) {
            for (int i = started.size() - 1; i >= 0; i--) {
                if (started.get(i).label.equals(label)) {
                    return started.get(i);
                }
            }
            return null;
        }

        long count(final String label) {
            return started.stream().filter(c -> c.label.equals(label)).count();
        }
    }

    private final long[] clock = {0};
    private final FakeLauncher launcher = new FakeLauncher();

    private Supervisor supervisor() throws Exception {
        final Topology t = TopologyLoader.parse("name: t\n"
            + "supervisor: { quick_restarts: 1, restart_backoff: 300ms, max_backoff: 600ms, max_restarts: 3, window: 2m }\n"
            + "satellites:\n  out: { type: sink }\n", "t.yaml");
        final Supervisor s = new Supervisor(t, Supervisor.MAIN_HOST, launcher, () -> clock[0]);
        s.start(0);
        return s;
    }

    private SupervisorStatus.InstanceStatus out(final Supervisor s) {
        return s.status().instancesOf("out").get(0);
    }

    private static ChildReport reported() {
        return new ChildReport(1, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 0, false, null, null, 0);
    }

    @Test
    void restartsAnExitedInstanceAtOnceThenAfterABackoffThenHoldsItOffAsFlapping() throws Exception {
        final Supervisor s = supervisor();
        assertEquals(1, launcher.count("out.0"));
        launcher.last("out.0").report = reported();
        launcher.last("out.0").exit(1, "boom");
        s.doWork(100);
        assertEquals(2, launcher.count("out.0"), "the first exit is restarted at once");
        assertEquals("RUNNING", out(s).state());

        launcher.last("out.0").report = reported();
        launcher.last("out.0").exit(1, "boom");
        s.doWork(200);
        assertEquals("BACKOFF", out(s).state());
        s.doWork(499);
        assertEquals(2, launcher.count("out.0"), "not before restart_backoff");
        s.doWork(500);
        assertEquals(3, launcher.count("out.0"), "after 300 ms");

        launcher.last("out.0").report = reported();
        launcher.last("out.0").exit(1, "boom");
        s.doWork(600);
        s.doWork(1199);
        assertEquals(3, launcher.count("out.0"), "the backoff doubled");
        s.doWork(1200);
        assertEquals(4, launcher.count("out.0"));

        launcher.last("out.0").report = reported();
        launcher.last("out.0").exit(1, "boom");
        s.doWork(1300);
        assertEquals("FLAPPING", out(s).state(), "the fourth exit in the window is one too many");
        assertEquals(3, out(s).restarts());
        assertEquals("exit 1: boom", out(s).lastError());
        s.doWork(60_000);
        assertEquals(4, launcher.count("out.0"), "held off for the window");
    }

    @Test
    void threeProcessesInARowThatEndBeforeTheirFirstReportCannotStart() throws Exception {
        final Supervisor s = supervisor();
        launcher.last("out.0").exit(2, "satellites.out.class : com.example.Nope not found");
        s.doWork(10);
        launcher.last("out.0").exit(2, "satellites.out.class : com.example.Nope not found");
        s.doWork(20);
        assertEquals(2, out(s).failedStarts());
        s.doWork(320);
        launcher.last("out.0").exit(2, "satellites.out.class : com.example.Nope not found");
        s.doWork(330);
        assertTrue(out(s).cannotStart(), "three in a row: " + out(s));
        assertEquals("exit 2: satellites.out.class : com.example.Nope not found", out(s).lastError());

        s.doWork(1000);
        launcher.last("out.0").report = reported();
        s.doWork(1001);
        assertEquals(0, out(s).failedStarts(), "one that reports has started");
    }

    @Test
    void stoppingWinsOverRestartingAndAnUncleanEndIsExited() throws Exception {
        final Supervisor s = supervisor();
        s.stopRequested();
        launcher.last("out.0").exit(143, null);
        s.doWork(100);
        assertEquals(1, launcher.count("out.0"), "not restarted once stopping");
        assertEquals("EXITED", out(s).state());
        assertEquals("killed by signal 15", out(s).lastError());
    }

    @Test
    void aCleanEndWhileStoppingIsAStopAndAWaitingRestartIsDropped() throws Exception {
        final Supervisor s = supervisor();
        launcher.last("out.0").report = reported();
        launcher.last("out.0").exit(1, "boom");
        s.doWork(100);
        launcher.last("out.0").report = reported();
        launcher.last("out.0").exit(1, "boom");
        s.doWork(200);
        assertEquals("BACKOFF", out(s).state());
        s.stopRequested();
        s.doWork(1000);
        assertEquals("STOPPED", out(s).state(), "the restart it waited for is dropped");
        assertEquals(2, launcher.count("out.0"));
        assertNull(s.status().orchesterProcess().lastError(), "the orchester never failed");
    }

    private static ChildReport orchesterSays(final String role, final String state) {
        final io.satbus.orchester.OrchesterStatus o = new io.satbus.orchester.OrchesterStatus("t", 0, 0, 0, 0, 0,
            io.satbus.orchester.OrchesterStatus.CounterValues.ZERO, List.of(), List.of())
            .withPair(new io.satbus.orchester.OrchesterStatus.PairStatus(role, state, 0, 0, null, 0, "tcp://x:1", 0));
        return new ChildReport(1, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 0, false, o, null, 0);
    }

    @Test
    void aPairOnOneHostStartsBothOrchestersReportsTheActiveOneAndHoldsOffAFlappingOne() throws Exception {
        final Topology t = TopologyLoader.parse("name: t\n"
            + "orchester: { backup: { host: 127.0.0.1, service_port: 6670, pub_port: 6671, sub_port: 6672 } }\n"
            + "supervisor: { quick_restarts: 1, restart_backoff: 300ms, max_backoff: 600ms, max_restarts: 1, window: 2m }\n"
            + "satellites:\n  out: { type: sink }\n", "t.yaml");
        final Supervisor s = new Supervisor(t, Supervisor.MAIN_HOST, launcher, () -> clock[0]);
        s.start(0);
        assertEquals(1, launcher.count("orchester"));
        assertEquals(1, launcher.count("orchester-backup"));
        launcher.last("orchester").report = orchesterSays("primary", "passive");
        launcher.last("orchester-backup").report = orchesterSays("backup", "active");
        s.doWork(10);
        assertEquals("active", s.status().orchester().pair().state(), "the run's orchester is the active one");
        assertEquals("backup", s.status().orchester().pair().role());
        assertEquals(2, s.status().pair().size());
        assertEquals("orchester-backup", s.status().backupProcess().label());

        // The primary keeps dying (its host's port taken): restarted as a satellite is, then held off.
        launcher.last("orchester").exit(1, "orchester service_port : 127.0.0.1:5670 is already in use");
        s.doWork(100);
        assertEquals(2, launcher.count("orchester"), "the first exit is restarted at once");
        launcher.last("orchester").exit(1, "orchester service_port : 127.0.0.1:5670 is already in use");
        s.doWork(200);
        assertEquals("FLAPPING", s.status().orchesterProcess().state(),
            "a pair's orchester is held off: the other one carries the bus");
        s.doWork(60_000);
        assertEquals(2, launcher.count("orchester"));
        assertEquals("RUNNING", s.status().backupProcess().state());
        s.stopOrchester();
    }
}
