package io.satbus.core.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.security.KeyFiles;
import io.satbus.core.security.Rights;
import io.satbus.core.security.SecuritySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityTopologyTest {
    private static final String SATELLITES = """
        name: t
        satellites:
          gen: { type: generator, send_to: upper }
          upper: { type: sink, publish: events }
        """;

    @TempDir
    Path dir;

    @BeforeEach
    void keys() {
        for (String name : List.of("orchester", "supervisor", "gen", "upper", "ops")) {
            KeyFiles.create(dir.resolve("keys"), name);
        }
    }

    private Topology load(final String yaml) throws Exception {
        final Path f = dir.resolve("t.yaml");
        Files.writeString(f, yaml, StandardCharsets.UTF_8);
        return TopologyLoader.load(f);
    }

    private List<String> problems(final String yaml) throws Exception {
        final Path f = dir.resolve("t.yaml");
        Files.writeString(f, yaml, StandardCharsets.UTF_8);
        return assertThrows(TopologyException.class, () -> TopologyLoader.load(f)).problems().stream()
            .map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    @Test
    void withoutTheSectionNothingChanges() throws Exception {
        assertNull(load(SATELLITES).security());
    }

    @Test
    void aSatellitesKeyMayDoWhatItsEntrySaysAndRightsWrittenReplaceThat() throws Exception {
        final SecuritySpec s = load(SATELLITES + "security:\n  keys: keys\n  rights:\n    ops: { admin: true }\n"
            + "    upper: { subscribe: [events] }\n").security();
        assertEquals(5, s.allowed().size());
        assertTrue(s.orchesterKey().hasSecret());
        final Rights gen = s.rightsOf("gen");
        assertTrue(gen.maySendTo("upper"));
        assertFalse(gen.mayWorkFor("upper"));
        assertFalse(gen.admin());
        final Rights upper = s.rightsOf("upper");
        assertTrue(upper.mayWorkFor("upper"));
        assertTrue(upper.mayPublish("events".getBytes(StandardCharsets.UTF_8)));
        assertTrue(upper.maySubscribe());
        assertTrue(s.rightsOf("ops").admin());
        assertFalse(s.rightsOf("ops").mayWorkFor("upper"));
        assertTrue(s.rightsOf("supervisor").mayWorkFor("satbus.supervisor.main"));
        assertEquals("gen", s.nameOf(s.allowed().get("gen").publicKey()));
        assertTrue(s.secretKey("gen").hasSecret());
    }

    @Test
    void reportsKeysAndRightsWithLineAndColumn() throws Exception {
        Files.writeString(dir.resolve("keys/bad.key"), "curve\n    public-key = \"tooshort\"\n");
        final List<String> p = problems(SATELLITES + "security:\n  keys: keys\n  rights:\n    nobody: { admin: true }\n"
            + "    ops: { send_to: [uper] }\n");
        assertTrue(p.contains("6:9: security.keys : " + dir.resolve("keys/bad.key") + " : public-key \"tooshort\", "
            + "8 characters (expected: 40 Z85 characters)"), String.valueOf(p));
        assertTrue(p.stream().anyMatch(l -> l.startsWith("8:5: security.rights.nobody : no key nobody.key")), String.valueOf(p));
        assertTrue(p.stream().anyMatch(l -> l.startsWith("9:21: security.rights.ops.send_to : \"uper\", no service of "
            + "this topology (expected one of: upper")), String.valueOf(p));
    }

    @Test
    void aMissingFolderOrSatelliteKeyIsReported() throws Exception {
        assertTrue(problems(SATELLITES + "security:\n  keys: nowhere\n").stream()
            .anyMatch(l -> l.startsWith("6:9: security.keys : \"" + dir.resolve("nowhere") + "\", not a folder")));
        Files.delete(dir.resolve("keys/upper.key"));
        assertTrue(problems(SATELLITES + "security:\n  keys: keys\n").stream()
            .anyMatch(l -> l.startsWith("6:9: security.keys : no key for satellite upper")));
    }
}
