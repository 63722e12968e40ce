package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.satellites.runtime.SatelliteRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source much faster than its service, whose byte bound holds a few dozen requests: the
 * orchester refuses the rest, the generator keeps each refused message and sends it again after
 * the wait the refusal asks, and every message is delivered once, none dead or lost. The
 * refusals the orchester counts are the ones the sender counts.
 */
class RefusalIT {
    private static final int COUNT = 2000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aRefusedSatbusSenderKeepsItsMessagesAndEveryOneIsDelivered() throws Exception {
        final String yaml = "name: refusal\n"
            + TestTopologies.orchesterOnFreePorts().replace(" }\n",
                ", max_message_size: 32KiB, max_queued_bytes: 1MiB, max_service_bytes: 32KiB }\n")
            + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: " + COUNT + ", payload: msg, payload_size: 1024 } }\n"
            + "  upper: { type: transformer, instances: 2, credit: 5, send_to: out, config: { op: upper, delay: 2ms } }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n";
        final Path file = dir.resolve("refusal.yaml");
        Files.writeString(file, yaml);
        final Topology topology = TopologyLoader.load(file);

        try (InProcessRun run = InProcessRun.start(topology, dir)) {
            assertTrue(run.awaitDrained(System.currentTimeMillis() + 180_000, 100, System::currentTimeMillis),
                "did not drain: " + run.snapshot(0));
            final RunSnapshot end = run.snapshot(0);
            final OrchesterStatus.CounterValues upper = end.orchester().service("upper").counters();
            final SatelliteRuntime gen = run.runtimes("gen").get(0);
            assertTrue(upper.refused() > 0, "the bound was met: " + upper);
            assertEquals(upper.refused(), gen.stats().refused(), "every refusal reached its sender");
            assertEquals(0, gen.stats().dead());
            assertEquals(0, gen.stats().lost());
            assertEquals(COUNT, end.generated());
            assertEquals(COUNT, end.delivered());
            assertEquals(0, end.dead());
            assertEquals(COUNT, Files.readAllLines(dir.resolve("out/sink.txt")).size());
            assertEquals(0, end.orchester().queuedBytes(), "nothing held once drained");
            System.out.printf("refusal: %d messages delivered, %d refusals, %d resent%n", COUNT, upper.refused(),
                gen.stats().resent());
        }
    }
}
