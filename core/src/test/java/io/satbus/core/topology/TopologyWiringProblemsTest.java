package io.satbus.core.topology;

import static io.satbus.core.topology.TopologyAssertions.problemsOf;
import static io.satbus.core.topology.TopologyAssertions.withSatellites;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks across satellites: services, send_to targets and cycles. */
class TopologyWiringProblemsTest {

    @Test
    void sendToNamingNoServiceSuggestsTheClosestService() {
        assertEquals(List.of("t.yaml:3:36: satellites.gen.send_to : \"uper\", no satellite's service"
            + " (expected one of: upper, out; did you mean \"upper\"?)"),
            problemsOf(withSatellites("""
                gen: { type: generator, send_to: uper }
                upper: { type: transformer, send_to: out }
                out: { type: sink }
                """)));
    }

    @Test
    void sendToASourceWithoutServiceIsReported() {
        assertEquals(List.of("t.yaml:4:40: satellites.upper.send_to : \"gen\", no satellite's service"
            + " (expected one of: upper)"),
            problemsOf(withSatellites("""
                gen: { type: generator, send_to: upper }
                upper: { type: transformer, send_to: gen }
                """)));
    }

    @Test
    void satelliteSendingToItsOwnServiceIsReported() {
        assertEquals(List.of("t.yaml:3:40: satellites.upper.send_to : \"upper\", its own service"
            + " (expected: the service of another satellite)"),
            problemsOf(withSatellites("upper: { type: transformer, send_to: upper }")));
    }

    @Test
    void duplicateServiceIsReportedAtTheSecondSatellite() {
        assertEquals(List.of("t.yaml:4:29: satellites.b.service : \"work\", already the service of satellites.a"
            + " (expected: one satellite per service; raise instances for more workers)"),
            problemsOf(withSatellites("""
                a: { type: sink, service: work }
                b: { type: sink, service: work }
                """)));
    }

    @Test
    void serviceTakingAnotherSatellitesDefaultServiceIsReportedAtTheSatelliteName() {
        assertEquals(List.of("t.yaml:4:3: satellites.b.service : \"b\", already the service of satellites.a"
            + " (expected: one satellite per service; raise instances for more workers)"),
            problemsOf(withSatellites("""
                a: { type: sink, service: b }
                b: { type: sink }
                """)));
    }

    @Test
    void twoSatelliteCycleIsNamedInOrder() {
        assertEquals(List.of("t.yaml:3:36: satellites.a.send_to : cycle a -> b -> a can never drain"
            + " (expected: send_to edges that end in a satellite that sends nowhere)"),
            problemsOf(withSatellites("""
                a: { type: transformer, send_to: b }
                b: { type: transformer, send_to: a }
                """)));
    }

    @Test
    void longerCycleIsNamedFromItsFirstSatelliteInTheFile() {
        assertEquals(List.of("t.yaml:4:36: satellites.a.send_to : cycle a -> c -> b -> a can never drain"
            + " (expected: send_to edges that end in a satellite that sends nowhere)"),
            problemsOf(withSatellites("""
                gen: { type: generator, send_to: b }
                a: { type: transformer, send_to: c }
                b: { type: transformer, send_to: a }
                c: { type: transformer, send_to: b }
                out: { type: sink }
                """)));
    }

    @Test
    void eachCycleIsReportedOnce() {
        assertEquals(List.of(
            "t.yaml:3:36: satellites.a.send_to : cycle a -> b -> a can never drain"
                + " (expected: send_to edges that end in a satellite that sends nowhere)",
            "t.yaml:5:36: satellites.c.send_to : cycle c -> d -> c can never drain"
                + " (expected: send_to edges that end in a satellite that sends nowhere)"),
            problemsOf(withSatellites("""
                a: { type: transformer, send_to: b }
                b: { type: transformer, send_to: a }
                c: { type: transformer, send_to: d }
                d: { type: transformer, send_to: c }
                e: { type: transformer, send_to: c }
                """)));
    }

    @Test
    void chainThatEndsInASinkIsFineAndServicesMayReceiveNothing() throws TopologyException {
        final Topology t = TopologyLoader.parse(withSatellites("""
            a: { type: generator, send_to: b }
            b: { type: transformer, send_to: c }
            c: { type: sink }
            fed_from_outside: { type: sink }
            audit: { class: com.example.Audit, subscribe: events }
            """), "t.yaml");

        assertEquals(List.of("a", "b", "c", "fed_from_outside", "audit"), List.copyOf(t.satellites().keySet()));
    }
}
