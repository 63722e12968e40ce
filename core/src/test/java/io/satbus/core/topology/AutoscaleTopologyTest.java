package io.satbus.core.topology;

import static io.satbus.core.topology.TopologyAssertions.problemsOf;
import static io.satbus.core.topology.TopologyAssertions.withSatellites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A satellite's {@code autoscale} key: what it reads into, and every problem it reports, with line and column. */
class AutoscaleTopologyTest {
    private static final String WORKERS_ONLY =
        "(expected: autoscale only on a worker: a satellite with a service that subscribes to nothing)";
    private static final String COUNT = "(expected: an integer 1..1000)";
    private static final String FRACTION = "(expected: a number > 0 and <= 1 such as 0.8)";

    private static SatelliteSpec parser(final String satellites) throws TopologyException {
        return TopologyLoader.parse(withSatellites(satellites), "t.yaml").satellite("p");
    }

    @Test
    void readsEveryKeyOfTheRule() throws TopologyException {
        final SatelliteSpec p = parser("""
            p:
              type: transformer
              instances: 2
              autoscale: { min: 1, max: 4, high: 0.9, low: 0.1, up_after: 2s, down_after: 10s }
            """);
        assertEquals(new AutoscaleSpec(1, 4, 0.9, 0.1, 2000, 10_000), p.autoscale());
        assertEquals(2, p.instances());
    }

    @Test
    void defaultsEveryKeyButMinAndMaxAndStartsWithMin() throws TopologyException {
        final SatelliteSpec p = parser("p: { type: transformer, autoscale: { min: 2, max: 5 } }");
        assertEquals(new AutoscaleSpec(2, 5, 0.8, 0.2, 5_000, 30_000), p.autoscale());
        assertEquals(2, p.instances(), "no instances given: it starts with min");
    }

    @Test
    void acceptsAHighWatermarkOfOneWrittenAsAnInteger() throws TopologyException {
        assertEquals(1.0, parser("p: { type: transformer, autoscale: { min: 1, max: 2, high: 1 } }").autoscale().high());
    }

    @Test
    void aSatelliteWithoutTheKeyDoesNotAutoscale() throws TopologyException {
        assertNull(parser("p: { type: transformer, instances: 3 }").autoscale());
    }

    @Test
    void aSourceMayNotAutoscale() {
        assertEquals(List.of("t.yaml:3:50: satellites.gen.autoscale : given for a source, which serves no service "
                + WORKERS_ONLY),
            problemsOf(withSatellites("""
                gen: { type: generator, send_to: p, autoscale: { min: 1, max: 2 } }
                p: { type: sink }
                """)));
    }

    @Test
    void aSubscriberMayNotAutoscale() {
        assertEquals(List.of("t.yaml:3:54: satellites.audit.autoscale : given for a subscriber, whose every instance"
                + " receives every topic message " + WORKERS_ONLY),
            problemsOf(withSatellites("audit: { type: sink, subscribe: events, autoscale: { min: 1, max: 2 } }")));
    }

    @Test
    void maxBelowMinIsReportedAtMax() {
        assertEquals(List.of("t.yaml:3:53: satellites.p.autoscale.max : 2, less than min 3 (expected: max >= min)"),
            problemsOf(withSatellites("p: { type: transformer, autoscale: { min: 3, max: 2 } }")));
    }

    @Test
    void instancesOutsideMinToMaxIsReportedAtInstances() {
        assertEquals(List.of("t.yaml:3:38: satellites.p.instances : 5, outside autoscale 1..4 (expected: instances"
                + " within autoscale min..max, or no instances: start with min)"),
            problemsOf(withSatellites("p: { type: transformer, instances: 5, autoscale: { min: 1, max: 4 } }")));
    }

    @Test
    void countsOutsideOneToMaxInstancesAreReported() {
        assertEquals(List.of("t.yaml:3:53: satellites.p.autoscale.max : 1001 " + COUNT),
            problemsOf(withSatellites("p: { type: transformer, autoscale: { min: 1, max: 1001 } }")));
        assertEquals(List.of("t.yaml:3:45: satellites.p.autoscale.min : 0 " + COUNT),
            problemsOf(withSatellites("p: { type: transformer, autoscale: { min: 0, max: 2 } }")));
    }

    @Test
    void minAndMaxAreRequired() {
        assertEquals(List.of("t.yaml:3:38: satellites.p.autoscale.min : missing " + COUNT,
                "t.yaml:3:38: satellites.p.autoscale.max : missing " + COUNT),
            problemsOf(withSatellites("p: { type: transformer, autoscale: { high: 0.9 } }")));
    }

    @Test
    void lowNotBelowHighIsReportedAtLowWhenWritten() {
        assertEquals(List.of("t.yaml:3:72: satellites.p.autoscale.low : 0.5, not below high 0.5 (expected: low < high)"),
            problemsOf(withSatellites("p: { type: transformer, autoscale: { min: 1, max: 2, high: 0.5, low: 0.5 } }")));
    }

    @Test
    void highNotAboveTheDefaultLowIsReportedAtHigh() {
        assertEquals(List.of("t.yaml:3:62: satellites.p.autoscale.high : 0.1, not above low 0.2 (expected: high > low)"),
            problemsOf(withSatellites("p: { type: transformer, autoscale: { min: 1, max: 2, high: 0.1 } }")));
    }

    @Test
    void watermarksOutsideZeroToOneAreReported() {
        assertEquals(List.of("t.yaml:3:62: satellites.p.autoscale.high : 1.5 " + FRACTION,
                "t.yaml:3:72: satellites.p.autoscale.low : 0 " + FRACTION),
            problemsOf(withSatellites("p: { type: transformer, autoscale: { min: 1, max: 2, high: 1.5, low: 0 } }")));
        assertEquals(List.of("t.yaml:3:54: satellites.q.autoscale.low : \"20%\" " + FRACTION),
            problemsOf(withSatellites("q: { type: sink, autoscale: { min: 1, max: 2, low: \"20%\" } }")));
    }

    @Test
    void badDurationsAreReported() {
        final String duration = "(expected: a duration > 0 such as 250ms, 5s, 1.5s, 2m or 1h, or an integer in milliseconds)";
        assertEquals(List.of("t.yaml:3:66: satellites.p.autoscale.up_after : 0 " + duration,
                "t.yaml:3:81: satellites.p.autoscale.down_after : \"5 parsecs\" " + duration),
            problemsOf(withSatellites(
                "p: { type: transformer, autoscale: { min: 1, max: 2, up_after: 0, down_after: 5 parsecs } }")));
    }

    @Test
    void unknownKeySuggestsTheClosestRuleKey() {
        assertEquals(List.of("t.yaml:3:56: satellites.p.autoscale.up_afer : unknown key (expected one of: min, max, high,"
                + " low, up_after, down_after; did you mean \"up_after\"?)"),
            problemsOf(withSatellites("p: { type: transformer, autoscale: { min: 1, max: 2, up_afer: 2s } }")));
    }

    @Test
    void aRuleThatIsNotAMapIsReported() {
        assertEquals(List.of("t.yaml:3:38: satellites.p.autoscale : 4 (expected: a map with min and max)"),
            problemsOf(withSatellites("p: { type: transformer, autoscale: 4 }")));
    }
}
