package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code satbus run}'s children share classes: the first run leaves an AppCDS archive beside
 * the jar, the next run's children map it. The jar is a copy of the build's, so that the archive
 * this test makes and checks is its own.
 */
class ClassDataSharingIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theFirstRunWritesTheArchiveAndTheNextRunsChildrenMapIt() throws Exception {
        final Path jar = Files.createDirectories(dir.resolve("app")).resolve("satbus.jar");
        Files.copy(SatbusProcess.jar(), jar);
        final Path file = dir.resolve("cds.yaml");
        Files.writeString(file, "name: cds\n" + TestTopologies.orchesterOnFreePorts() + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: 50, rate: 0 } }\n"
            + "  upper: { type: transformer, send_to: out }\n"
            + "  out:   { type: sink, config: { path: out/cds.txt } }\n");

        run(jar, file, "first", "--http", "127.0.0.1:0");
        final Path cds = dir.resolve("app/satbus-cds");
        final List<Path> written = list(cds);
        assertEquals(1, written.size(), "one archive and no temporary file left: " + written);
        final Path archive = written.get(0);
        assertTrue(archive.getFileName().toString().matches("satbus\\.jar-" + Files.size(jar) + "-\\d+-jdk.+\\.jsa"),
            archive.toString());
        assertTrue(Files.size(archive) > 1_000_000, "an archive of the classes a satellite loads: " + Files.size(archive));

        // -Xshare:on: a child that cannot map the archive does not start at all, so the run could not drain.
        run(jar, file, "second", "--http", "127.0.0.1:0",
            "--child-opts", "-Xmx128m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:on");
        final Path runDir = latestRun();
        for (String label : List.of("orchester", "gen.0", "upper.0", "out.0")) {
            final String log = Files.readString(runDir.resolve(label + ".log"));
            assertTrue(log.contains("-Xshare:on -XX:SharedArchiveFile=" + archive + " "), label + " maps the archive: " + log);
        }
        assertEquals(List.of(archive), list(cds), "the archive is kept, none is written again");
    }

    private void run(final Path jar, final Path file, final String which, final String... options) throws Exception {
        final String[] args = Stream.concat(Stream.of("run", file.toString(), "--until-drained", "--grace", SatbusCommandIT.GRACE), Stream.of(options))
            .toArray(String[]::new);
        try (SatbusProcess p = SatbusProcess.start(jar, dir, args)) {
            assertEquals(0, p.waitFor(Duration.ofMinutes(2)), () -> which + " run; stdout:\n" + out(p) + "\nstderr:\n" + err(p));
            assertTrue(p.out().contains("cds drained: generated 50, delivered 50, duplicates 0, dead 0, lost 0"),
                which + " run: " + out(p));
        }
    }

    private Path latestRun() throws Exception {
        try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
            return runs.max(java.util.Comparator.comparing(Path::getFileName)).orElseThrow();
        }
    }

    private static List<Path> list(final Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    private static String out(final SatbusProcess p) {
        try {
            return p.out();
        } catch (Exception ex) {
            return ex.toString();
        }
    }

    private static String err(final SatbusProcess p) {
        try {
            return p.err();
        } catch (Exception ex) {
            return ex.toString();
        }
    }
}
