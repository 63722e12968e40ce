package io.satbus.core.topology;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

/** Shared helpers: the problems of a topology, as "source:line:column: message" lines. */
final class TopologyAssertions {
    static final String SOURCE = "t.yaml";

    private TopologyAssertions() {
    }

    static List<String> problemsOf(final String yaml) {
        final TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.parse(yaml, SOURCE));
        return e.problems().stream().map(TopologyProblem::toString).toList();
    }

    /** A minimal valid topology around {@code satellites}, which starts at line 3 of the file. */
    static String withSatellites(final String satellites) {
        return "name: t\nsatellites:\n" + satellites.indent(2);
    }
}
