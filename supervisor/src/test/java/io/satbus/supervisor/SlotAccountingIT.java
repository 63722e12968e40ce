package io.satbus.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervisor's totals across the processes of an instance slot, with real processes: two
 * command satellites in {@code sh} that report a handled count growing by 10 per process of
 * their slot, one saying its reports are cumulative and one not. Each is killed (SIGKILL) and
 * restarted, scaled away and back: the cumulative slot counts its last report once, the other
 * adds its processes up, and nothing a killed or removed process reported leaves the totals.
 */
class SlotAccountingIT {
    /** Reports handled = 10 x (processes of this slot so far), then waits for "stop" on stdin. */
    private static final String SCRIPT = """
        f="starts.$SATBUS_SATELLITE"
        n=$(cat "$f" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > "$f"
        echo "@satbus {\\"handled\\": $((n * 10)), \\"cumulative\\": $1}"
        while read -r line; do [ "$line" = stop ] && exit 0; done
        """;

    @TempDir
    Path dir;

    private Supervisor supervisor;

    @AfterEach
    void close() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aKilledOrRemovedProcessesCountsStayAndACumulativeSlotIsNeverCountedTwice() throws Exception {
        Files.writeString(dir.resolve("report.sh"), SCRIPT);
        final Path file = dir.resolve("acc.yaml");
        Files.writeString(file, """
            name: acc
            orchester: { host: 127.0.0.1, service_port: 1, pub_port: 2, sub_port: 3 }
            satellites:
              cum: { command: [sh, report.sh, "true"], service: off, host: edge }
              per: { command: [sh, report.sh, "false"], service: off, host: edge }
            """);
        final Topology t = TopologyLoader.load(file);
        final Path runDir = Files.createDirectories(dir.resolve("run"));
        supervisor = new Supervisor(t, "edge", new ChildLauncher(List.of(), file, runDir, List.of()),
            System::currentTimeMillis);
        supervisor.start(System.currentTimeMillis());

        awaitStatus(s -> handled(s, "cum") == 10 && handled(s, "per") == 10, "first reports");
        kill("cum");
        kill("per");
        final SupervisorStatus restarted = awaitStatus(s -> reported(s, "cum", 20) && reported(s, "per", 20),
            "the restarted processes' reports");
        assertEquals(20, handled(restarted, "cum"), "the cumulative 20 replaces the killed process's 10");
        assertEquals(30, handled(restarted, "per"), "10 of the killed process + 20 of its successor");
        assertEquals(50, restarted.run().delivered(), "both send nowhere: what they handled is delivered");

        supervisor.scale("cum", 0);
        final SupervisorStatus removed = awaitStatus(s -> s.instancesOf("cum").isEmpty(), "cum.0 removed");
        assertEquals(20, handled(removed, "cum"), "a removed slot's last report stays");
        assertEquals(50, removed.run().delivered());

        supervisor.scale("cum", 1);
        final SupervisorStatus back = awaitStatus(s -> reported(s, "cum", 30), "cum.0 back");
        assertEquals(30, handled(back, "cum"), "the slot's third process: 30, not 20 + 30");
        assertEquals(60, back.run().delivered());
    }

    /** {@code satellite}'s handled over the run: its instances' reports plus what they do not carry. */
    private static long handled(final SupervisorStatus s, final String satellite) {
        final SupervisorStatus.Counts ended = s.endedOf(satellite);
        long sum = ended == null ? 0 : ended.handled();
        for (SupervisorStatus.InstanceStatus i : s.instancesOf(satellite)) {
            sum += i.report() == null ? 0 : i.report().handled();
        }
        return sum;
    }

    private static boolean reported(final SupervisorStatus s, final String satellite, final long handled) {
        return s.instancesOf(satellite).stream().anyMatch(i -> i.report() != null && i.report().handled() == handled);
    }

    private void kill(final String satellite) {
        final long pid = supervisor.status().instancesOf(satellite).get(0).pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Runs the supervisor's loop until its status passes {@code test}; waits on real processes. */
    private SupervisorStatus awaitStatus(final Predicate<SupervisorStatus> test, final String what) {
        return Eventually.waitFor(what, 30_000, () -> {
            supervisor.doWork(System.currentTimeMillis());
            return supervisor.status();
        }, test);
    }
}
