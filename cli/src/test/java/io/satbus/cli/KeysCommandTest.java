package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.security.CurveKey;
import io.satbus.core.security.KeyFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code satbus keys new} and {@code show}: ZCert files, the secret one mode 600, a secret never printed. */
class KeysCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(final String... args) {
        final CommandLine cl = Satbus.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void newWritesAPairAndPrintsOnlyThePublicKey() throws Exception {
        assertEquals(0, execute("keys", "new", "upper", "--dir", dir.toString()), err::toString);
        final CurveKey k = KeyFiles.readSecret(dir.resolve("upper.key_secret"));
        assertTrue(out.toString().startsWith("upper " + k.publicKey() + " "), out.toString());
        assertFalse(out.toString().contains(k.secretKey()), "the secret key was printed");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
            dir.resolve("upper.key_secret"))));
        out.getBuffer().setLength(0);
        assertEquals(0, execute("keys", "show", dir.resolve("upper.key_secret").toString()));
        assertEquals("upper " + k.publicKey() + "\n", out.toString().replace("\r", ""));
        assertFalse(out.toString().contains(k.secretKey()));
    }

    @Test
    void mistakesAreOneLineAndExitTwo() throws Exception {
        assertEquals(0, execute("keys", "new", "gen", "--dir", dir.toString()));
        assertEquals(2, execute("keys", "new", "gen", "--dir", dir.toString()));
        assertEquals(2, execute("keys", "new", "bad/name", "--dir", dir.toString()));
        Files.writeString(dir.resolve("junk.key"), "nothing here\n");
        assertEquals(2, execute("keys", "show", dir.resolve("junk.key").toString()));
        assertEquals(2, execute("keys", "show", dir.resolve("missing.key").toString()));
        assertEquals(2, execute("keys"));
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
        assertTrue(err.toString().contains("junk.key : no public-key"), err.toString());
    }
}
