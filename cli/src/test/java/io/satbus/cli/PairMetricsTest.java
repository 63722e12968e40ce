package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.orchester.Orchester;
import io.satbus.orchester.OrchesterConfig;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.orchester.PairRole;
import io.satbus.testing.Ports;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An orchester of a pair reports failovers and state under its role, and the rest only while active. */
class PairMetricsTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aStartingBackupReportsItsPairMetricsAndNothingElse() throws Exception {
        final int[] p = Ports.freePorts(7);
        final Topology t = TopologyLoader.parse("name: pm\norchester: { host: 127.0.0.1, service_port: " + p[0]
            + ", pub_port: " + p[1] + ", sub_port: " + p[2] + ", backup: { host: 127.0.0.1, service_port: " + p[3]
            + ", pub_port: " + p[4] + ", sub_port: " + p[5] + ", peer_port: " + p[6] + " } }\n"
            + "satellites: { s: { type: sink } }\n", "pm.yaml");
        try (Orchester backup = Orchester.start(OrchesterConfig.from(t, PairRole.BACKUP))) {
            backup.status();
            final MetricRegistry registry = new MetricRegistry();
            PairMetrics.register(registry, "pm", backup);
            assertEquals(0, registry.getGauges().get("satbus.pm.orchester.backup.state").getValue(), "starting");
            assertEquals(0L, registry.getGauges().get("satbus.pm.orchester.backup.failovers").getValue());
            final MetricFilter filter = PairMetrics.whileActive("pm", backup);
            assertTrue(filter.matches("satbus.pm.orchester.backup.state", null));
            assertTrue(filter.matches("satbus.pm.orchester.backup.failovers", null));
            assertFalse(filter.matches("satbus.pm.tracker.dispatched", new Counter()),
                "a backup that is not active leaves the shared names to the active one");
        }
    }

    @Test
    void theStateIsANumberGraphiteCanDraw() {
        assertEquals(PairMetrics.ACTIVE, PairMetrics.stateOf(new OrchesterStatus.PairStatus("primary", "active", 0, 0,
            null, 0, "tcp://b:1", 0)));
        assertEquals(PairMetrics.PASSIVE, PairMetrics.stateOf(new OrchesterStatus.PairStatus("backup", "passive", 0, 0,
            "active", 0, "tcp://a:1", 0)));
        assertEquals(PairMetrics.STARTING, PairMetrics.stateOf(new OrchesterStatus.PairStatus("backup", "backup", 0, 0,
            null, 0, "tcp://a:1", 0)));
        assertEquals(List.of(0, 1, 2), List.of(PairMetrics.STARTING, PairMetrics.PASSIVE, PairMetrics.ACTIVE));
    }

    @Test
    void statusSaysWhichOrchesterIsActiveSinceWhenAndTheFailovers() {
        final OrchesterStatus active = new OrchesterStatus("t", 0, 0, 0, 0, 0, OrchesterStatus.CounterValues.ZERO,
            List.of(), List.of()).withPair(new OrchesterStatus.PairStatus("backup", "active", 1_796_295_400_000L, 1,
            "passive", 120, "tcp://127.0.0.1:5670", 3));
        assertEquals("orchester backup: active since 2026-12-03T10:56:40Z, failovers 1; its peer tcp://127.0.0.1:5670:"
            + " passive, heard 120 ms ago", StatusTable.pairLine(active));
        final String both = StatusCommand.pairText(List.of("tcp://127.0.0.1:5670", "tcp://127.0.0.1:6670"),
            java.util.Arrays.asList(null, active));
        assertEquals("orchester primary at tcp://127.0.0.1:5670: no answer\n" + StatusTable.pairLine(active) + "\n"
            + "orchester pair: failovers so far 1\n", both);
    }
}
