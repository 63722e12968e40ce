package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A python3 that can import some modules, for tests that run Python as users do (a topology's
 * {@code command: [python3, ...]}, the quickstart's subscriber): the one on PATH, else Debian's
 * /usr/bin/python3 (a pyenv or venv python3 on PATH may lack them while the Debian packages are
 * installed). Fails, never skips, when neither can.
 */
final class Python3 {
    private Python3() {
    }

    /**
     * A folder, made under {@code dir}, whose {@code python3} can import {@code modules}: put it
     * first on PATH so that {@code python3} is that one.
     *
     * @param packages the Debian packages that provide the modules, for the failure message
     */
    static Path binWith(final Path dir, final String packages, final String... modules) throws IOException,
        InterruptedException {
        final StringBuilder said = new StringBuilder();
        final String imports = "import sys" + (modules.length == 0 ? "" : ", " + String.join(", ", modules));
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            final Process p;
            try {
                p = new ProcessBuilder(candidate, "-c", imports + "; print(sys.executable)").redirectErrorStream(true).start();
            } catch (IOException ex) {
                said.append(candidate).append(": ").append(ex.getMessage()).append('\n');
                continue;
            }
            assertTrue(p.waitFor(1, TimeUnit.MINUTES), candidate + " -c '" + imports + "' did not end");
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() == 0) {
                final Path bin = Files.createDirectories(dir.resolve("python-bin"));
                Files.createSymbolicLink(bin.resolve("python3"), Path.of(out.lines().reduce((a, b) -> b).orElse(candidate)));
                return bin;
            }
            said.append(candidate).append(": ").append(out).append('\n');
        }
        return fail("no python3 that can " + imports + " (tried python3 on PATH and /usr/bin/python3): install Debian's "
            + packages + " (./run-tests does), or the modules for your python3\n" + said);
    }
}
