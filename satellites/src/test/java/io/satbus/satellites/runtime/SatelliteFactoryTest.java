package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.builtin.Generator;
import io.satbus.satellites.builtin.Sink;
import io.satbus.satellites.builtin.Transformer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Built-ins by type, user classes from a jar compiled here, and the errors a user can cause. */
@Timeout(60)
class SatelliteFactoryTest {
    @TempDir
    static Path dir;

    private static final Map<String, String> SOURCES = Map.of(
        "ext/Shout.java", """
            package ext;
            import io.satbus.core.envelope.Envelope;
            import io.satbus.satellites.api.Output;
            import io.satbus.satellites.api.Satellite;
            public class Shout implements Satellite {
                @Override
                public void onMessage(Envelope m, Output out) {
                    out.reply("text/plain", (new String(m.payload()) + "!").getBytes());
                }
            }
            """,
        "ext/NotASatellite.java", """
            package ext;
            public class NotASatellite {
            }
            """,
        "ext/NeedsArgs.java", """
            package ext;
            import io.satbus.core.envelope.Envelope;
            import io.satbus.satellites.api.Output;
            import io.satbus.satellites.api.Satellite;
            public class NeedsArgs implements Satellite {
                public NeedsArgs(String s) {
                }
                @Override
                public void onMessage(Envelope m, Output out) {
                }
            }
            """);

    @BeforeAll
    static void buildJar() throws IOException {
        final Path src = Files.createDirectories(dir.resolve("src"));
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            final Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
        }
        final String classpath = String.join(File.pathSeparator, location(Satellite.class), location(Envelope.class));
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final String[] args = Stream.concat(Stream.of("-d", classes.toString(), "-cp", classpath),
            SOURCES.keySet().stream().map(k -> src.resolve(k).toString())).toArray(String[]::new);
        assertEquals(0, javac.run(null, null, null, args), "javac");
        Files.createDirectories(dir.resolve("lib"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("lib/ext.jar")));
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                jar.write(Files.readAllBytes(p));
                jar.closeEntry();
            }
        }
    }

    private static String location(final Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SatelliteSpec user(final String className, final String classpath) {
        return new SatelliteSpec("audit", null, className, classpath, 1, "audit", null, List.of(), List.of(), 1, 0, -1,
            Map.of());
    }

    private static SatelliteSpec builtin(final String type) {
        return new SatelliteSpec("b", type, null, null, 1, "b", null, List.of(), List.of(), 1, 0, -1, Map.of());
    }

    @Test
    void makesBuiltInsByType() {
        assertInstanceOf(Generator.class, SatelliteFactory.create(builtin("generator"), dir));
        assertInstanceOf(Transformer.class, SatelliteFactory.create(builtin("transformer"), dir));
        assertInstanceOf(Sink.class, SatelliteFactory.create(builtin("sink"), dir));
        assertInstanceOf(io.satbus.satellites.firehose.Fetcher.class, SatelliteFactory.create(builtin("fetcher"), dir));
        assertInstanceOf(io.satbus.satellites.firehose.EventParser.class, SatelliteFactory.create(builtin("parser"), dir));
        assertInstanceOf(io.satbus.satellites.firehose.Publisher.class, SatelliteFactory.create(builtin("publisher"), dir));
        assertInstanceOf(io.satbus.satellites.firehose.Feed.class, SatelliteFactory.create(builtin("feed"), dir));
        assertEquals("satellites.b.type : \"fetch\" (expected: one of [feed, fetcher, generator, parser, publisher, sink,"
            + " transformer])",
            assertThrows(IllegalArgumentException.class, () -> SatelliteFactory.create(builtin("fetch"), dir))
                .getMessage());
    }

    @Test
    void loadsAUserClassFromAJarRelativeToTheTopology() throws Exception {
        final Satellite s = SatelliteFactory.create(user("ext.Shout", "lib/ext.jar"), dir);
        assertEquals("ext.Shout", s.getClass().getName());
        final byte[][] reply = new byte[1][];
        s.onMessage(new Envelope(1, "t", "x", 0, 1, 0, "text/plain", Map.of(), "hey".getBytes(StandardCharsets.UTF_8)),
            new ReplyOnly(reply));
        assertNotNull(reply[0]);
        assertEquals("hey!", new String(reply[0], StandardCharsets.UTF_8));
    }

    @Test
    void classNotFoundNamesTheClasspathSearched() {
        final String message = assertThrows(IllegalArgumentException.class,
            () -> SatelliteFactory.create(user("ext.Missing", "lib/ext.jar"), dir)).getMessage();
        assertTrue(message.startsWith("satellites.audit.class : ext.Missing not found (searched: ["
            + dir.resolve("lib/ext.jar").toAbsolutePath().normalize() + "], then the satbus classpath)"), message);
    }

    @Test
    void aClassThatIsNotASatelliteIsRefused() {
        assertEquals("satellites.audit.class : ext.NotASatellite does not implement io.satbus.satellites.api.Satellite"
                + " (expected: a class implementing it)",
            assertThrows(IllegalArgumentException.class,
                () -> SatelliteFactory.create(user("ext.NotASatellite", "lib/ext.jar"), dir)).getMessage());
    }

    @Test
    void aClassWithoutNoArgConstructorIsRefused() {
        assertEquals("satellites.audit.class : ext.NeedsArgs has no public no-arg constructor"
                + " (expected: public NeedsArgs())",
            assertThrows(IllegalArgumentException.class,
                () -> SatelliteFactory.create(user("ext.NeedsArgs", "lib/ext.jar"), dir)).getMessage());
    }

    @Test
    void aMissingClasspathEntryIsNamed() {
        final String message = assertThrows(IllegalArgumentException.class,
            () -> SatelliteFactory.create(user("ext.Shout", "lib/none.jar"), dir)).getMessage();
        assertTrue(message.startsWith("satellites.audit.classpath : \"lib/none.jar\" ("), message);
        assertTrue(message.endsWith("does not exist (expected: a jar or a folder, relative to " + dir + ")"), message);
    }

    /** An output that keeps the reply only. */
    private record ReplyOnly(byte[][] into) implements Output {
        @Override
        public void reply(final String contentType, final byte[] payload) {
            into[0] = payload;
        }

        @Override
        public void send(final byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void send(final String service, final String contentType, final byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void send(final String service, final Envelope message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void publish(final byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void publish(final String topic, final String contentType, final byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void publish(final String topic, final Envelope message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forward(final Envelope message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forward(final Envelope message, final String contentType, final byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Envelope message(final String contentType, final byte[] payload) {
            throw new UnsupportedOperationException();
        }
    }
}
