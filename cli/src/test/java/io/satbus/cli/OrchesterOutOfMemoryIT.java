package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.supervisor.ChildLauncher;
import io.satbus.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real orchester process under {@code satbus run} runs out of memory in the middle of a
 * pipeline: it ends at once (-XX:+ExitOnOutOfMemoryError, given to every child), the supervisor
 * starts a new one, the satellites reconnect and send again what they keep (custody), and the
 * run drains with every message and exits 0. The out-of-memory error is real: the test arms
 * {@link OomTrigger} with a system property on the children's command line and creates its file,
 * and a thread of the orchester process fills the heap.
 */
class OrchesterOutOfMemoryIT {
    private static final int COUNT = 3000;
    private static final Pattern SEQUENCE = Pattern.compile("MSG (\\d+)\\.*");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anOrchesterOutOfMemoryEndsIsRestartedAndThePipelineLosesNothing() throws Exception {
        final Path file = dir.resolve("oom.yaml");
        Files.writeString(file, "name: oom\n"
            + TestTopologies.orchesterOnFreePorts()
            + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: " + COUNT + ", rate: 150, payload: msg,"
            + " payload_size: 12 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n");
        final Path trigger = dir.resolve("oom.trigger");
        final List<String> childOpts = new ArrayList<>(ChildLauncher.DEFAULT_JVM_OPTIONS);
        childOpts.add("-D" + OomTrigger.PROPERTY + "=" + trigger);
        try (SatbusProcess run = SatbusProcess.start(dir, "run", file.toString(), "--until-drained",
            "--grace", SatbusCommandIT.GRACE, "--child-opts", String.join(" ", childOpts))) {
            assertTrue(Eventually.within(() -> sinkLines() >= 300, Duration.ofSeconds(120)),
                () -> "pipeline never got going: " + text(run));
            final long first = RunFolder.pid(dir, "orchester");
            assertTrue(first > 0, "no orchester pid file");
            assertTrue(sinkLines() < COUNT, "the generator must still be running when the orchester dies");

            Files.writeString(trigger, "now\n");
            assertTrue(Eventually.within(() -> ProcessHandle.of(first).map(p -> !p.isAlive()).orElse(true),
                Duration.ofSeconds(30)), () -> "the orchester out of memory did not end: " + log("orchester"));
            assertTrue(Eventually.within(() -> restarted(first), Duration.ofSeconds(60)),
                () -> "no new orchester: " + text(run));
            final String orchesterLog = log("orchester");
            assertTrue(orchesterLog.contains("Terminating due to java.lang.OutOfMemoryError"), orchesterLog);
            assertTrue(orchesterLog.contains("test hook armed"), orchesterLog);
            assertTrue(Files.notExists(trigger), "the hook took its file, so the new orchester does not follow suit");

            assertEquals(0, run.waitFor(Duration.ofMinutes(3)), () -> text(run));
            final Matcher m = RunFolder.DRAINED.matcher(run.out());
            assertTrue(m.find(), () -> text(run));
            assertEquals(Integer.toString(COUNT), m.group(2), m.group());
            RunFolder.assertEverySequenceInSink(dir.resolve("out/sink.txt"), SEQUENCE, COUNT,
                Integer.parseInt(m.group(3)));
            final String ended = "orchester (pid " + first + ") ended, exit 3: Terminating due to java.lang.OutOfMemoryError";
            assertTrue(log("supervisor").contains(ended) || run.err().contains(ended), () -> text(run));
        }
    }

    private boolean restarted(final long first) {
        final long now = RunFolder.pid(dir, "orchester");
        return now > 0 && now != first && ProcessHandle.of(now).map(ProcessHandle::isAlive).orElse(false);
    }

    private long sinkLines() {
        try {
            final Path f = dir.resolve("out/sink.txt");
            return Files.exists(f) ? Files.readAllLines(f).size() : 0;
        } catch (IOException ex) {
            return 0;
        }
    }

    /** The log of {@code label} in the run folder, or "" before it exists. */
    private String log(final String label) {
        try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
            for (Path run : runs.toList()) {
                final Path f = run.resolve(label + ".log");
                if (Files.exists(f)) {
                    return Files.readString(f);
                }
            }
        } catch (IOException ex) {
            return ex.toString();
        }
        return "";
    }

    private static String text(final SatbusProcess p) {
        try {
            return "stdout:\n" + p.out() + "\nstderr:\n" + p.err();
        } catch (IOException ex) {
            return ex.toString();
        }
    }
}
