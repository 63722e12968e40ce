package io.satbus.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command lines of the children, without starting them. */
class ChildLauncherTest {
    @TempDir
    Path runDir;

    @Test
    void everyJavaSatelliteChildKeepsItsStateInTheRunFoldersStateFolder() {
        final ChildLauncher launcher = new ChildLauncher(List.of("-Xshare:off"), Path.of("hello.yaml"), runDir, List.of());

        final List<String> cmd = launcher.command("upper", 1, List.of());

        final int at = cmd.indexOf("--state-dir");
        assertEquals(runDir.resolve("state").toString(), cmd.get(at + 1));
        assertEquals(runDir.resolve("state"), launcher.stateDir());
        assertEquals(List.of("satellite", "upper", "--instance", "1"), cmd.subList(cmd.indexOf("satellite"),
            cmd.indexOf("satellite") + 4));
        assertEquals("--supervised", cmd.get(cmd.size() - 1));
    }

    @Test
    void theOrchesterChildHasNoStateFolder() {
        final ChildLauncher launcher = new ChildLauncher(List.of("-Xshare:off"), Path.of("hello.yaml"), runDir,
            List.of("--no-tracker"));

        final List<String> cmd = launcher.command(null, 0, List.of());

        assertFalse(cmd.contains("--state-dir"), cmd.toString());
        assertEquals(List.of("--no-tracker", "--supervised"), cmd.subList(cmd.size() - 2, cmd.size()));
    }

    @Test
    void everyJvmChildExitsOnOutOfMemoryUnlessItsOwnOptionsSayOtherwise() {
        final ChildLauncher launcher = new ChildLauncher(List.of("-Xmx64m", "-XX:-ExitOnOutOfMemoryError"),
            Path.of("hello.yaml"), runDir, List.of());
        for (List<String> cmd : List.of(launcher.command(null, 0, List.of()), launcher.command("upper", 1, List.of()))) {
            final int always = cmd.indexOf("-XX:+ExitOnOutOfMemoryError");
            assertEquals(1, always, "right after java: " + cmd);
            assertTrue(cmd.indexOf("-XX:-ExitOnOutOfMemoryError") > always, "child options come after, and win: " + cmd);
        }
    }
}
