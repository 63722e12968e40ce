package io.satbus.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The topology a {@code --vary} variant runs. */
class BenchTopologyTest {
    private static final BenchSettings SETTINGS = new BenchSettings(0, 1000, 0, "max", 100, 0);

    private static Topology file() throws Exception {
        return TopologyLoader.parse("""
            name: tiny
            satellites:
              gen: { type: generator, send_to: out }
              out: { type: sink, outbox: true, dedup_window: 500 }
            """, "<tiny>");
    }

    @Test
    void custodyFalseTurnsTheEndToEndWaitOffAndKeepsEverythingElse() throws Exception {
        final List<Variant> variants = Variant.expand(List.of("custody=true,false"));
        final BenchTopology on = BenchTopology.of(file(), variants.get(0), SETTINGS, Double.NaN);
        final BenchTopology off = BenchTopology.of(file(), variants.get(1), SETTINGS, Double.NaN);
        assertTrue(on.topology().custody());
        assertFalse(off.topology().custody());
        assertEquals(file().satellites().get("out").custody(), off.topology().satellites().get("out").custody(),
            "the satellites' own custody keys are kept");
    }

    @Test
    void custodyNeitherTrueNorFalseNamesTheKey() throws Exception {
        final Variant bad = Variant.expand(List.of("custody=maybe")).get(0);
        final Topology file = file();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> BenchTopology.of(file, bad, SETTINGS, Double.NaN));
        assertTrue(e.getMessage().startsWith("--vary custody=maybe"), e.getMessage());
    }
}
