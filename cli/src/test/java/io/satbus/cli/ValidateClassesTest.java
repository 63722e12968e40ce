package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** 'satbus validate' finds a misspelled class before anything runs, where it used to pass and fail at run time. */
class ValidateClassesTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int validate(final String satellite) throws Exception {
        try (JarOutputStream empty = new JarOutputStream(Files.newOutputStream(dir.resolve("empty.jar")))) {
            empty.flush();
        }
        final Path file = dir.resolve("classes.yaml");
        Files.writeString(file, "name: classes\nsatellites:\n  gen: { type: generator, send_to: mine }\n" + satellite
            + "  out: { type: sink }\n");
        final CommandLine cl = Satbus.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute("validate", file.toString());
    }

    @Test
    void aClassThatIsNotInItsJarIsAProblemAtItsSatellitesLine() throws Exception {
        assertEquals(Satbus.EXIT_BAD_INPUT, validate("  mine: { class: com.example.Nope, classpath: empty.jar, send_to: out }\n"));
        assertTrue(err.toString().contains("classes.yaml:4:"), err.toString());
        assertTrue(err.toString().contains("satellites.mine.class : com.example.Nope not found (searched: ["), err.toString());
        assertTrue(!err.toString().contains("\tat "), err.toString());
    }

    @Test
    void aClassThatIsNoSatelliteIsAProblem() throws Exception {
        assertEquals(Satbus.EXIT_BAD_INPUT, validate("  mine: { class: java.lang.String, send_to: out }\n"));
        assertTrue(err.toString().contains("satellites.mine.class : java.lang.String does not implement"), err.toString());
    }

    @Test
    void aSatelliteClassOnTheClasspathIsValid() throws Exception {
        assertEquals(0, validate("  mine: { class: io.satbus.satellites.builtin.Transformer, send_to: out }\n"), err::toString);
        assertTrue(out.toString().contains("topology classes is valid"), out.toString());
    }
}
