package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.supervisor.SupervisorStatus;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code satbus run} resizing an autoscaled satellite by its load, with real child processes:
 * every wait is for a condition the supervisor's status shows, with a generous deadline; nothing
 * is asserted about how long anything took.
 */
class AutoscaleIT {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    /**
     * A generator sends 25 messages a second to a transformer that takes 100 ms for each (10 a
     * second per instance, one at a time): its queue grows until it runs its max of 3. Then the
     * generator is stopped (scaled to 0 by hand); once the queue is empty the transformer goes
     * back down to its min of 1, one instance at a time. Everything sent is delivered, and no
     * child outlives the run.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void growsToMaxUnderSteadyLoadAndShrinksToMinOnceTheQueueIsEmpty() throws Exception {
        final int[] ports = Ports.freePorts(3);
        final String endpoint = "tcp://127.0.0.1:" + ports[0];
        final Path file = dir.resolve("autoscaled.yaml");
        Files.writeString(file, "name: autoscaled\n"
            + "orchester: { host: 127.0.0.1, service_port: " + ports[0] + ", pub_port: " + ports[1] + ", sub_port: "
            + ports[2] + ", heartbeat_interval: 200ms, heartbeat_liveness: 25 }\n"
            + "tracker: { timeout: 30s, max_retries: 5, " + TestTopologies.METRICS_ON_ANY_PORT + " }\n"
            + "satellites:\n"
            + "  gen:  { type: generator, send_to: slow, config: { count: 0, rate: 25, payload: msg, payload_size: 12 } }\n"
            + "  slow: { type: transformer, credit: 1, send_to: out, config: { op: upper, delay: 100ms },\n"
            + "          autoscale: { min: 1, max: 3, up_after: 1s, down_after: 2s } }\n"
            + "  out:  { type: sink, config: { path: out/sink.txt } }\n");
        try (SatbusProcess run = SatbusProcess.start(dir, "run", file.toString(), "--progress", "500ms")) {
            final long supervisorPid = run.process().pid();

            assertTrue(Eventually.within(() -> scaled(endpoint, 3, 3), DEADLINE),
                () -> "slow never ran 3 ready instances: " + RunFolder.status(endpoint, "main") + "\n" + text(run));
            final SupervisorStatus.AutoscaleStatus up = RunFolder.status(endpoint, "main").autoscale().get("slow");
            assertTrue(up.scaleUps() >= 2, "1 -> 2 -> 3 at least: " + up);
            assertTrue(run.err().contains("slow: load ") && run.err().contains(", scaling 2 -> 3"),
                () -> "each decision logged with its figures: " + text(run));

            try (SatbusProcess stopGen = SatbusProcess.start(dir, "scale", "gen", "0", file.toString())) {
                assertEquals(0, stopGen.waitFor(Duration.ofMinutes(1)), () -> text(stopGen));
            }
            assertTrue(Eventually.within(() -> scaled(endpoint, 1, 1) && instances(endpoint, "slow") == 1, DEADLINE),
                () -> "slow never back to 1 instance: " + RunFolder.status(endpoint, "main") + "\n" + text(run));
            final SupervisorStatus down = RunFolder.status(endpoint, "main");
            assertEquals(0, down.orchester().service("slow").queueDepth(), "it shrank with an empty queue");
            assertTrue(down.autoscale().get("slow").scaleDowns() >= 2, "3 -> 2 -> 1 at least: " + down.autoscale());

            try (SatbusProcess status = SatbusProcess.start(dir, "status", file.toString(), "--json")) {
                assertEquals(0, status.waitFor(Duration.ofMinutes(1)), () -> text(status));
                final JsonNode doc = new ObjectMapper().readTree(status.out());
                final JsonNode slow = doc.path("supervisors").path(0).path("autoscale").path("slow");
                assertEquals(1, slow.path("min").asInt(), status.out());
                assertEquals(3, slow.path("max").asInt(), status.out());
                assertTrue(slow.path("scale_ups").asInt() >= 2 && slow.path("scale_downs").asInt() >= 2, status.out());
                assertEquals(1, doc.path("supervisors").path(0).path("wanted").path("slow").asInt(), status.out());
            }

            final List<ProcessHandle> children = RunFolder.descendants(supervisorPid);
            new ProcessBuilder("kill", "-INT", Long.toString(supervisorPid)).inheritIO().start().waitFor();
            assertEquals(0, run.waitFor(Duration.ofMinutes(1)), () -> "drained, nothing dead: " + text(run));
            // The generator's process and two of slow's ended before the run did: their counts stay in the totals.
            final java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("autoscaled drained: generated (\\d+), delivered (\\d+), duplicates \\d+, dead 0, lost 0")
                .matcher(run.out());
            assertTrue(m.find(), () -> text(run));
            final long generated = Long.parseLong(m.group(1));
            final long delivered = Long.parseLong(m.group(2));
            assertTrue(generated > 0, "the stopped generator's count kept: " + m.group());
            assertTrue(delivered >= generated, "every generated message delivered: " + m.group());
            assertEquals(delivered, Files.readAllLines(dir.resolve("out/sink.txt")).size(), "the sink's lines, as counted");
            assertTrue(Eventually.within(() -> RunFolder.allGone(children), Duration.ofSeconds(20)),
                "children left behind: " + children.stream().filter(ProcessHandle::isAlive).toList());
        }
    }

    /** True when {@code wanted} instances of slow are wanted and {@code ready} of them count as capacity. */
    private static boolean scaled(final String endpoint, final int wanted, final int ready) {
        final SupervisorStatus s = RunFolder.status(endpoint, "main");
        return s != null && s.wanted().get("slow") == wanted && s.autoscale().get("slow").ready() == ready;
    }

    /** Instances of {@code satellite} the supervisor still keeps (a removed one drops out once it has stopped). */
    private static long instances(final String endpoint, final String satellite) {
        final SupervisorStatus s = RunFolder.status(endpoint, "main");
        return s == null ? -1 : s.instancesOf(satellite).size();
    }

    private static String text(final SatbusProcess p) {
        try {
            return "stdout:\n" + p.out() + "\nstderr:\n" + p.err();
        } catch (java.io.IOException ex) {
            return ex.toString();
        }
    }
}
