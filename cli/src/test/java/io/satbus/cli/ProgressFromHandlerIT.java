package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A Java handler that takes 1.8 s with a 1 s timeout and calls {@code Output.progress()} as it
 * goes: every message is delivered once, none is timed out or dead. Without a way to say "still
 * working", a 3 s handler with a 2 s timeout gave {@code dead 2}.
 */
class ProgressFromHandlerIT {
    private static final int COUNT = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aSlowJavaHandlerThatSaysItIsStillWorkingIsNeverTimedOut() throws Exception {
        final Path file = dir.resolve("slow.yaml");
        Files.writeString(file, "name: saysso\n" + TestTopologies.orchesterOnFreePorts()
            + "tracker: { timeout: 1s, max_retries: 1, " + TestTopologies.METRICS_ON_ANY_PORT + " }\n"
            + "satellites:\n"
            + "  gen:  { type: generator, send_to: slow, config: { count: " + COUNT + ", payload: msg } }\n"
            + "  slow: { class: io.satbus.cli.SlowButSaysSo, credit: 1, send_to: out }\n"
            + "  out:  { type: sink, config: { path: " + dir.resolve("sink.txt") + " } }\n");
        final StringWriter out = new StringWriter();
        final CommandLine cl = new CommandLine(new RunCommand(StopSignal.manual()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        final int exit = cl.execute(file.toString(), "--in-process", "--until-drained", "--grace", "60s");
        assertEquals(0, exit, out::toString);
        assertTrue(out.toString().contains("saysso drained: generated " + COUNT + ", delivered " + COUNT), out.toString());
        assertTrue(out.toString().contains("dead 0"), out.toString());
        assertEquals(COUNT, Files.readAllLines(dir.resolve("sink.txt")).size(), "each message once");
    }
}
