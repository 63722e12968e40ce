package io.satbus.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZCert;

class KeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAPairJeromqReadsBackWithTheSecretReadableByItsOwnerOnly() throws Exception {
        final CurveKey k = KeyFiles.create(dir, "upper");
        final Path secret = dir.resolve("upper.key_secret");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        final String pub = Files.readString(dir.resolve("upper.key"));
        assertFalse(pub.contains(k.secretKey()), "the public file holds no secret");
        final CurveKey back = KeyFiles.readSecret(secret);
        assertEquals(k.publicKey(), back.publicKey());
        assertEquals(k.secretKey(), back.secretKey());
        assertEquals(k.publicKey(), KeyFiles.read(dir.resolve("upper.key")).publicKey());
        assertFalse(k.toString().contains(k.secretKey()), "toString never shows the secret");
        // The same format JeroMQ writes: a ZCert saved by JeroMQ reads back here.
        final ZCert cert = new ZCert();
        cert.saveSecret(dir.resolve("z.key_secret").toString());
        assertEquals(cert.getSecretKeyAsZ85(), KeyFiles.readSecret(dir.resolve("z.key_secret")).secretKey());
    }

    @Test
    void refusesToOverwriteAPair() {
        KeyFiles.create(dir, "gen");
        final KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFiles.create(dir, "gen"));
        assertTrue(e.getMessage().contains("gen.key") && e.getMessage().contains("exists"), e.getMessage());
    }

    @Test
    void aBadKeySaysWhatWasFoundWithoutShowingASecret() throws Exception {
        final Path f = dir.resolve("bad.key_secret");
        Files.writeString(f, "curve\n    public-key = \"short\"\n");
        final KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFiles.read(f));
        assertEquals(f + " : public-key \"short\", 5 characters (expected: 40 Z85 characters)", e.getMessage());
        final CurveKey k = KeyFiles.create(dir, "x");
        final String almost = k.secretKey().substring(0, 39);
        Files.writeString(f, "curve\n    public-key = \"" + k.publicKey() + "\"\n    secret-key = \"" + almost + "\"\n");
        final KeyFileException s = assertThrows(KeyFileException.class, () -> KeyFiles.read(f));
        assertFalse(s.getMessage().contains(almost), s.getMessage());
        assertThrows(KeyFileException.class, () -> KeyFiles.readSecret(dir.resolve("x.key")));
        assertThrows(KeyFileException.class, () -> KeyFiles.read(dir.resolve("missing.key")));
    }
}
