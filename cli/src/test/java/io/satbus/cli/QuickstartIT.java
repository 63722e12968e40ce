package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/quickstart.md, run as written, so that it cannot drift from what satbus does: every
 * {@code sh} block, in order, as one bash script ({@code set -euo pipefail}, so each command must
 * succeed), in a fresh copy of what the page uses (the {@code satbus} command and its jar, the
 * example topologies), with a {@code python3} that has pyzmq first on PATH. Every line of an
 * output block marked {@code <!-- walk: output -->} must be printed, give or take its numbers
 * (times, rates and counts vary from run to run; a rate may be absent).
 */
class QuickstartIT {
    private static final Pattern FENCE = Pattern.compile("(?ms)^(<!-- walk: output[^>]*-->\\n)?```(\\w*)\\n(.*?)^```$");
    private static final Pattern NUMBER_OR_RATE = Pattern.compile("( \\+\\d+/s)|(\\d+(?:\\.\\d+)?)");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void theQuickstartRunsAsWritten() throws Exception {
        final Path root = TestTopologies.repoRoot();
        final String page = Files.readString(root.resolve("docs/quickstart.md"), StandardCharsets.UTF_8);
        final StringBuilder script = new StringBuilder("set -euo pipefail\n");
        final List<String> expected = new ArrayList<>();
        final Matcher fence = FENCE.matcher(page);
        while (fence.find()) {
            if ("sh".equals(fence.group(2))) {
                script.append(fence.group(3));
            } else if (fence.group(1) != null) {
                fence.group(3).lines().filter(l -> !l.isBlank()).forEach(expected::add);
            }
        }
        assertTrue(expected.size() >= 4, "the page marks its outputs: " + expected);

        final Path home = Files.createDirectories(dir.resolve("satbus"));
        Files.copy(root.resolve("satbus"), home.resolve("satbus"));
        Files.createDirectories(home.resolve("cli/target"));
        Files.createSymbolicLink(home.resolve("cli/target/satbus.jar"), SatbusProcess.jar());
        Files.createDirectories(home.resolve("topologies"));
        try (var files = Files.list(root.resolve("topologies"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, home.resolve("topologies").resolve(f.getFileName()));
            }
        }
        final Path python = Python3.binWith(dir, "python3-zmq", "zmq");
        final Path out = dir.resolve("quickstart.out");
        final Path err = dir.resolve("quickstart.err");
        final ProcessBuilder bash = new ProcessBuilder("bash", "-c", script.toString()).directory(home.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        bash.environment().merge("PATH", python.toString(), (path, bin) -> bin + java.io.File.pathSeparator + path);
        final Process p = bash.start();
        try {
            assertTrue(p.waitFor(7, TimeUnit.MINUTES), () -> "the quickstart did not end:\n" + read(out) + read(err));
            assertEquals(0, p.exitValue(), () -> "a command of the quickstart failed:\n" + script + "\nstdout:\n" + read(out)
                + "\nstderr:\n" + read(err));
        } finally {
            p.destroyForcibly();
        }
        // The numbers the page's story rests on: every event of the feed reached both subscribers.
        assertEquals(200, Files.readAllLines(home.resolve("topologies/out/watched.txt")).size(), "the watch sink");
        assertEquals(200, Files.readAllLines(home.resolve("topologies/out/events-seen.txt")).size(), "the outside SUB");
        assertEquals(1000, Files.readAllLines(home.resolve("topologies/out/hello.txt")).size(), "hello's sink");
        final List<String> printed = Files.readAllLines(out, StandardCharsets.UTF_8);
        for (String line : expected) {
            final Pattern shape = shape(line);
            assertTrue(printed.stream().anyMatch(l -> shape.matcher(l).matches()),
                () -> "the page shows a line nothing printed: " + line + "\nstdout:\n" + String.join("\n", printed));
        }
    }

    /** {@code line} with each number standing for any number, and each rate ({@code +N/s}) optional. */
    static Pattern shape(final String line) {
        final StringBuilder re = new StringBuilder();
        final Matcher m = NUMBER_OR_RATE.matcher(line);
        int at = 0;
        while (m.find()) {
            re.append(Pattern.quote(line.substring(at, m.start())));
            re.append(m.group(1) != null ? "(?: \\+\\d+/s)?" : "\\d+(?:\\.\\d+)?");
            at = m.end();
        }
        return Pattern.compile(re.append(Pattern.quote(line.substring(at))).toString());
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            return ex.toString();
        }
    }
}
