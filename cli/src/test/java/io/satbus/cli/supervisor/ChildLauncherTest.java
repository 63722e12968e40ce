package io.satbus.cli.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildLauncherTest {
    @TempDir
    Path dir;

    @Test
    void everyJvmChildExitsOnOutOfMemoryUnlessItsOwnOptionsSayOtherwise() {
        final ChildLauncher launcher = new ChildLauncher(List.of("-Xmx64m", "-XX:-ExitOnOutOfMemoryError"),
            dir.resolve("t.yaml"), dir, List.of());
        for (List<String> cmd : List.of(launcher.command(null, 0, List.of()), launcher.command("upper", 1, List.of()))) {
            final int always = cmd.indexOf("-XX:+ExitOnOutOfMemoryError");
            assertEquals(1, always, "right after java: " + cmd);
            assertTrue(cmd.indexOf("-XX:-ExitOnOutOfMemoryError") > always, "child options come after, and win: " + cmd);
        }
    }
}
