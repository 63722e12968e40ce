package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.testing.Eventually;
import java.nio.charset.StandardCharsets;
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
 * A SIGTERM to the whole process group while {@code satbus run} starts its children (as a
 * service manager or a shell's kill of a job sends it): stopping wins over restarting, so no
 * child is restarted, and a run whose children died with work in hand is never reported as
 * drained: either it drained for real (every generated message delivered, exit 0) or it says it
 * did not, and why (exit 3).
 */
class StopDuringStartIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aSigtermToTheGroupDuringStartUpRestartsNothingAndIsNeverDrainedWithoutDelivering() throws Exception {
        final Path file = dir.resolve("startup.yaml");
        Files.writeString(file, "name: startup\n" + TestTopologies.orchesterOnFreePorts() + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: 300 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out }\n"
            + "  out:   { type: sink, config: { path: out/startup.txt } }\n");
        final Path out = dir.resolve("run.out");
        final Path err = dir.resolve("run.err");
        // setsid: the run leads a process group of its own, which its children join, as under a service manager.
        final Process run = new ProcessBuilder(List.of("setsid", Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xmx256m", "-jar", SatbusProcess.jar().toString(), "run", file.toString(), "--until-drained",
            "--grace", "30s")).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(Eventually.within(() -> read(out).contains("satbus: running startup"), Duration.ofSeconds(90)),
                () -> read(out) + read(err));
            new ProcessBuilder("kill", "-TERM", "--", "-" + run.pid()).inheritIO().start().waitFor();
            assertTrue(run.waitFor(2, TimeUnit.MINUTES), () -> "the run ends: " + read(out) + read(err));
            final String stdout = read(out);
            final String stderr = read(err);
            assertFalse(stderr.contains("restarting in"), "nothing restarted once stopping: " + stderr);
            final Matcher last = Pattern.compile("satbus: startup (drained|NOT drained): generated (\\d+), delivered (\\d+)")
                .matcher(stdout);
            assertTrue(last.find(), stdout);
            if ("drained".equals(last.group(1))) {
                assertEquals(last.group(2), last.group(3), "a drained run delivered what it generated: " + stdout);
                assertEquals(0, run.exitValue(), stdout);
            } else {
                assertEquals(Satbus.EXIT_NOT_DRAINED, run.exitValue(), stdout + stderr);
            }
        } finally {
            run.destroyForcibly();
        }
    }

    private static String read(final Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException ex) {
            return ex.toString();
        }
    }
}
