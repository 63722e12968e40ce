package io.satbus.core.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every example in the repository's topologies/ folder loads without a problem. */
class ExampleTopologiesTest {
    /** Satellite names of the examples, in file order; an example missing here only has to load. */
    private static final Map<String, List<String>> EXPECTED_SATELLITES = Map.of(
        "hello.yaml", List.of("gen", "upper", "out"));

    @TestFactory
    Stream<DynamicTest> everyExampleTopologyValidates() throws IOException {
        final Path folder = topologiesFolder();
        final List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no *.yaml in " + folder);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            final Topology t = TopologyLoader.load(file);
            final List<String> expected = EXPECTED_SATELLITES.get(file.getFileName().toString());
            if (expected != null) {
                assertEquals(expected, List.copyOf(t.satellites().keySet()));
            } else {
                assertFalse(t.satellites().isEmpty());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> helloIsWiredAsDocumented() throws Exception {
        final Topology t = TopologyLoader.load(topologiesFolder().resolve("hello.yaml"));
        return Stream.of(
            DynamicTest.dynamicTest("orchester", () -> assertEquals(
                new OrchesterSpec("127.0.0.1", 5670, 5671, 5672, 1000, 3, 16L << 20), t.orchester())),
            DynamicTest.dynamicTest("tracker", () -> assertEquals(
                new TrackerSpec(5000, 2, 0, "satbus.dead", null, 2003, 10_000, "127.0.0.1", 5674), t.tracker())),
            DynamicTest.dynamicTest("gen", () -> {
                assertEquals("upper", t.satellite("gen").sendTo());
                assertEquals(Map.of("count", 1000), t.satellite("gen").config());
            }),
            DynamicTest.dynamicTest("upper", () -> {
                assertEquals(2, t.satellite("upper").instances());
                assertEquals("out", t.satellite("upper").sendTo());
                assertEquals(Map.of("op", "upper"), t.satellite("upper").config());
            }),
            DynamicTest.dynamicTest("out", () -> assertEquals(Map.of("path", "out/hello.txt"), t.satellite("out").config())));
    }

    /** The topologies/ folder of the repository, found by walking up from the working directory. */
    static Path topologiesFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("topologies"))) {
                return dir.resolve("topologies");
            }
        }
        assertNotNull(null, "no topologies/ folder above " + Path.of("").toAbsolutePath());
        return null;
    }
}
