package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.FileDescriptors;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import org.junit.jupiter.api.Test;

class DescriptorBudgetTest {
    private static final String YAML = """
        name: fd
        tracker: { metrics: { max_connections: 100 } }
        satellites:
          gen:   { type: generator, send_to: upper }
          upper: { type: transformer, instances: 2, send_to: out, autoscale: { min: 2, max: 5 } }
          out:   { type: sink }
        """;

    private static Topology topology() throws Exception {
        return TopologyLoader.parse(YAML, "fd.yaml");
    }

    @Test
    void needsWhatIsOpenTheHttpViewThreeConnectionsPerInstanceTwiceAndHeadroom() throws Exception {
        final DescriptorBudget b = DescriptorBudget.of(topology(), new FileDescriptors(150, 20_000), true);
        assertEquals(7, b.instances(), "gen 1, upper at its autoscale max 5, out 1");
        assertEquals(42, b.satellites());
        assertEquals(100, b.http());
        assertEquals(150 + 100 + 42 + DescriptorBudget.HEADROOM, b.needed());
        assertFalse(b.belowNeed());
        assertEquals("orchester fd file descriptors: 150 open of 20000; this topology needs about 1316 (150 open, 100"
            + " for the HTTP view, 42 for 7 satellite instances, 1024 headroom)", b.describe("fd"));
    }

    @Test
    void aLimitBelowTheNeedIsAProblemSayingHowToRaiseIt() throws Exception {
        final DescriptorBudget b = DescriptorBudget.of(topology(), new FileDescriptors(150, 1024), false);
        assertEquals(0, b.http(), "no HTTP view in this process");
        assertTrue(b.belowNeed());
        assertEquals("orchester fd file descriptors : limit 1024 (expected: at least 1216 for this topology: 150 open,"
            + " 0 for the HTTP view, 42 for 7 satellite instances, 1024 headroom; raise it with ulimit -n, or"
            + " LimitNOFILE= under systemd)", b.describe("fd"));
    }

    @Test
    void anUnknownLimitIsNeverShort() throws Exception {
        assertFalse(DescriptorBudget.of(topology(), FileDescriptors.UNKNOWN, true).belowNeed());
    }
}
