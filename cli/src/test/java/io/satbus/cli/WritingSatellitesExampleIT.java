package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** docs/writing-satellites.md's example, built into a jar and run the way the page says. */
class WritingSatellitesExampleIT {
    private static final Path EXAMPLE = Path.of("docs/examples/exclaim");

    @TempDir
    Path dir;

    @Test
    void thePageShowsTheExampleFilesVerbatim() throws IOException {
        final Path root = TestTopologies.repoRoot();
        final String page = Files.readString(root.resolve("docs/writing-satellites.md"));
        final String source = Files.readString(root.resolve(EXAMPLE).resolve("com/example/Exclaim.java")).strip();
        final String topology = Files.readString(root.resolve(EXAMPLE).resolve("exclaim.yaml")).strip();
        assertTrue(page.contains(source), "writing-satellites.md must show Exclaim.java as it is");
        assertTrue(page.contains(topology), "writing-satellites.md must show exclaim.yaml as it is");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void exampleSatelliteBuildsIntoAJarAndRunsInATopology() throws Exception {
        final Path root = TestTopologies.repoRoot();
        final Path classes = Files.createDirectories(dir.resolve("build"));
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final int rc = javac.run(null, null, null, "-cp", SatbusProcess.jar().toString(), "-d", classes.toString(),
            root.resolve(EXAMPLE).resolve("com/example/Exclaim.java").toString());
        assertEquals(0, rc, "javac of the example");
        jar(classes, dir.resolve("exclaim.jar"));

        final Path topology = TestTopologies.onFreePorts(root.resolve(EXAMPLE).resolve("exclaim.yaml"), dir);
        try (SatbusProcess p = SatbusProcess.start(dir, "run", topology.toString(), "--until-drained",
            "--grace", SatbusCommandIT.GRACE)) {
            assertEquals(0, p.waitFor(Duration.ofMinutes(2)), () -> "stdout:\n" + text(p, true) + "\nstderr:\n" + text(p, false));
        }
        final List<String> lines = Files.readAllLines(dir.resolve("out/exclaim.txt"));
        assertEquals(100, lines.size());
        for (String line : lines) {
            final String payload = line.split("\t", 2)[1];
            assertTrue(payload.matches("hello \\d+!!!"), "three marks added: " + payload);
        }
    }

    private static void jar(final Path classes, final Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    private static String text(final SatbusProcess p, final boolean out) {
        try {
            return out ? p.out() : p.err();
        } catch (IOException ex) {
            return ex.toString();
        }
    }
}
