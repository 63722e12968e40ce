package io.satbus.core.topology;

import static io.satbus.core.topology.TopologyAssertions.withSatellites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a {@link ConfigCheck} finds in a satellite's config is reported with the file's other
 * problems, at the line and column of the value (of the key, for an unknown key).
 */
class ConfigCheckTest {
    private static List<String> problems(final String satellites, final ConfigCheck check) {
        final TopologyException ex = assertThrows(TopologyException.class,
            () -> TopologyLoader.parse(withSatellites(satellites), "t.yaml", check));
        return ex.problems().stream().map(TopologyProblem::toString).toList();
    }

    @Test
    void reportsEachProblemWhereItsKeyOrValueWasWritten() {
        final ConfigCheck check = (spec, baseDir) -> spec.name().equals("fetch") ? List.of(
            ConfigProblem.of("rate", "\"lots\"", "number"),
            ConfigProblem.of("resources[1].url", "\"ftp://x\"", "http:// or https://"),
            ConfigProblem.unknownKey("resources[0].nmae", List.of("name", "url")),
            ConfigProblem.of("headers.Accept", "a list", "string"),
            ConfigProblem.of("missing", "nothing", "a value"),
            ConfigProblem.message("satellites.fetch : neither send_to nor publish (expected: at least one)"))
            : List.of();
        assertEquals(List.of(
                "t.yaml:7:7: satellites.fetch.config.missing : nothing (expected: a value)",
                "t.yaml:7:7: satellites.fetch : neither send_to nor publish (expected: at least one)",
                "t.yaml:7:13: satellites.fetch.config.rate : \"lots\" (expected: number)",
                "t.yaml:9:11: satellites.fetch.config.resources[0].nmae : unknown key (expected one of: name, url; "
                    + "did you mean \"name\"?)",
                "t.yaml:11:16: satellites.fetch.config.resources[1].url : \"ftp://x\" (expected: http:// or https://)",
                "t.yaml:12:26: satellites.fetch.config.headers.Accept : a list (expected: string)"),
            problems("""
                up: { type: sink }
                fetch:
                  type: fetcher
                  config:
                    rate: lots
                    resources:
                      - nmae: a
                        url: http://a
                      - url: ftp://x
                    headers: { Accept: [a] }
                """, check));
    }

    @Test
    void aSatelliteWithoutConfigIsReportedAtItsName() {
        assertEquals(List.of("t.yaml:3:3: satellites.gen.config.count : nothing (expected: an integer)"),
            problems("gen: { type: sink }\n", (spec, baseDir) -> List.of(ConfigProblem.of("count", "nothing", "an integer"))));
    }

    @Test
    void checksEverySatelliteAndNoneWithNoneAndKeepsTheSchemasProblems() throws TopologyException {
        final List<String> checked = new ArrayList<>();
        final ConfigCheck record = (spec, baseDir) -> {
            checked.add(spec.name());
            return List.of();
        };
        TopologyLoader.parse(withSatellites("a: { type: generator, send_to: b }\nb: { type: sink }\n"), "t.yaml", record);
        assertEquals(List.of("a", "b"), checked);
        TopologyLoader.parse(withSatellites("a: { type: generator, send_to: b, config: { x: 1 } }\nb: { type: sink }\n"),
            "t.yaml");
        final List<String> both = problems("a: { tpe: generator, config: { x: 1 } }\n",
            (spec, baseDir) -> List.of(ConfigProblem.of("x", "1", "y")));
        assertEquals(3, both.size(), both.toString());
        assertTrue(both.get(0).startsWith("t.yaml:3:3: satellites.a : neither type"), both.get(0));
        assertTrue(both.get(1).startsWith("t.yaml:3:8: satellites.a.tpe : unknown key"), both.get(1));
        assertEquals("t.yaml:3:37: satellites.a.config.x : 1 (expected: y)", both.get(2), "with the schema's problems");
    }
}
