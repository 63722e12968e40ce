package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.net.URL;
import java.util.Arrays;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The shaded jar carries core's zmq.Signaler (core/pom.xml), not JeroMQ's. */
class ShadedSignalerIT {
    private static byte[] read(final URL url) throws Exception {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void theJarsSignalerIsCoresAndNotJeroMqs() throws Exception {
        final URL core = ShadedSignalerIT.class.getClassLoader().getResource("zmq/Signaler.class");
        assertNotNull(core, "zmq/Signaler.class on the test class path");
        final URL jeromq = new URL("jar:" + zmq.Ctx.class.getProtectionDomain().getCodeSource().getLocation()
            + "!/zmq/Signaler.class");
        final byte[] ours = read(core);
        assertFalse(Arrays.equals(ours, read(jeromq)), "core's zmq/Signaler.class is JeroMQ's own (" + core + ")");
        try (JarFile jar = new JarFile(SatbusProcess.jar().toFile())) {
            try (InputStream in = jar.getInputStream(jar.getJarEntry("zmq/Signaler.class"))) {
                assertArrayEquals(ours, in.readAllBytes(), "the shaded jar's zmq/Signaler.class");
            }
        }
    }
}
