package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.satellites.runtime.BuiltinConfigCheck;
import io.satbus.supervisor.RunTotals;
import io.satbus.supervisor.SupervisorStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text of 'satbus status': the run's age, and the services an orchester alone knows. */
class StatusTextTest {
    private static final OrchesterStatus.CounterValues ZERO = OrchesterStatus.CounterValues.ZERO;

    @TempDir
    Path dir;

    private Topology hello() throws Exception {
        final Path file = dir.resolve("hello.yaml");
        Files.writeString(file, "name: hello\nsatellites:\n  gen: { type: generator, send_to: upper }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out }\n  out: { type: sink }\n");
        return TopologyLoader.load(file, BuiltinConfigCheck.INSTANCE);
    }

    @Test
    void theHeaderShowsHowLongTheRunHasRun() throws Exception {
        final OrchesterStatus o = new OrchesterStatus("hello", 10_000, 0, 0, 0, 0, ZERO, List.of(), List.of());
        final SupervisorStatus s = new SupervisorStatus("hello", "main", 1, 10_000, Map.of(), List.of(), null, o, null,
            null, Map.of(), RunTotals.NONE, 3_500);
        final String text = StatusCommand.text(hello(), o, List.of(s));
        assertTrue(text.startsWith("hello 6.5s |"), text);
    }

    @Test
    void anOrchesterAloneListsItsServicesAndWorkers() throws Exception {
        final OrchesterStatus o = new OrchesterStatus("hello", 10_000, 1, 3, 3, 0, ZERO, List.of(
            new OrchesterStatus.ServiceStatus("upper", 3, 1, 0, List.of(
                new OrchesterStatus.WorkerStatus("00aa", "upper", 0, 100, 1, true),
                new OrchesterStatus.WorkerStatus("00bb", "upper", 1, 100, 0, true)), ZERO),
            new OrchesterStatus.ServiceStatus("out", 0, 0, 0, List.of(
                new OrchesterStatus.WorkerStatus("00cc", "", 0, 1, 0, false)), ZERO)), List.of());
        final String text = StatusCommand.text(hello(), o, List.of());
        assertTrue(text.contains("services at the orchester:\n"), text);
        assertTrue(text.contains("  upper                workers 2, queued 3, in flight 1: upper.0, upper.1\n"), text);
        assertTrue(text.contains("  out                  workers 1, queued 0, in flight 0: worker 00cc\n"), text);
    }
}
